package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A request's text fields and images, the same whether it came as multipart or as JSON. */
public record RequestBody(Map<String, String> fields, List<UploadedFile> files) {

  public String field(String name) {
    String value = fields.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  public int intField(String name, int fallback) {
    String value = field(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new FacegateException(ErrorCode.BAD_REQUEST, name + " must be a whole number");
    }
  }

  /** The one image a route takes, from any of the given fields; anything else is a bad request. */
  public byte[] singleImage(Set<String> fieldNames) {
    List<byte[]> images = images(fieldNames);
    if (images.size() != 1) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST,
          "send exactly one "
              + String.join(" or ", fieldNames.stream().sorted().toList())
              + " image (got "
              + images.size()
              + ")");
    }
    return images.get(0);
  }

  public List<byte[]> images(Set<String> fieldNames) {
    return files.stream()
        .filter(f -> fieldNames.contains(f.field()))
        .map(UploadedFile::bytes)
        .toList();
  }
}
