package io.facegate.service;

import java.util.OptionalLong;

/**
 * What a write stored, and on a central the gallery seq it committed (for {@code gallery_seq} and
 * {@code X-Gallery-Seq}); a standalone box has no seq to share.
 */
public record Written<T>(T value, OptionalLong gallerySeq) {}
