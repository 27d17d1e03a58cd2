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

  public List<byte[]> images(Set<String> fieldNames) {
    return files.stream().filter(f -> fieldNames.contains(f.field())).map(UploadedFile::bytes).toList();
  }
}
