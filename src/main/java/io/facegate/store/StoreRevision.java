package io.facegate.store;

/**
 * Which state of the stored embeddings something reflects: {@code lineage} names the database (new
 * after a restore), {@code seq} counts every embedding row inserted, deleted or updated in it
 * (migration V4's triggers, in the same transaction as the change).
 */
public record StoreRevision(String lineage, long seq) {}
