package io.facegate.http;

/** One image from a request: the form field (or JSON key) it came in and its bytes. */
public record UploadedFile(String field, byte[] bytes) {}
