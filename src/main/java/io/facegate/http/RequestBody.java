package io.facegate.http;

import io.facegate.service.Capture;
import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A request's text fields and images, the same whether it came as multipart or as JSON. A JSON
 * value that is an object or a list (other than images) is kept as its JSON text; a JSON null as a
 * null field.
 */
public record RequestBody(Map<String, String> fields, List<UploadedFile> files) {

  public String field(String name) {
    String value = fields.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /**
   * Refuses any text field or image field outside {@code accepted}, naming it: a misspelt parameter
   * is an error, never silently dropped.
   */
  public RequestBody acceptOnly(Set<String> accepted) {
    Stream.concat(fields.keySet().stream(), files.stream().map(UploadedFile::field))
        .filter(name -> !accepted.contains(name))
        .sorted()
        .findFirst()
        .ifPresent(
            name -> {
              throw new FacegateException(
                  ErrorCode.BAD_REQUEST,
                  "unknown field '"
                      + name
                      + "'; this endpoint takes "
                      + String.join(", ", accepted.stream().sorted().toList()),
                  new JsonObject().put("field", name));
            });
    return this;
  }

  /** A number field, or null when absent. */
  public Double doubleField(String name) {
    String value = field(name);
    if (value == null) {
      return null;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new FacegateException(ErrorCode.BAD_REQUEST, name + " must be a number");
    }
  }

  /** {@code true} or {@code false} (false when absent). */
  public boolean booleanField(String name) {
    String value = field(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw new FacegateException(ErrorCode.BAD_REQUEST, name + " must be true or false");
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

  /**
   * What was captured for one decision: the {@code frames} (with the {@code challenge_id} they
   * answer, if any) or else the one image from {@code imageFields}; never both.
   */
  public Capture capture(Set<String> imageFields) {
    Optional<Capture> frames = frames();
    if (frames.isEmpty()) {
      return Capture.image(singleImage(imageFields));
    }
    if (frames.get().frames().isEmpty()) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST, "a challenge_id is answered with frames, not one image");
    }
    if (!images(imageFields).isEmpty()) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST,
          "send frames or "
              + String.join(" or ", imageFields.stream().sorted().toList())
              + ", not both: the best frame is the probe");
    }
    return frames.get();
  }

  /** The frames and the challenge they answer; empty when the request has neither. */
  public Optional<Capture> frames() {
    List<byte[]> frames = images(Set.of(BodyReader.FRAMES));
    String challengeId = field("challenge_id");
    return frames.isEmpty() && challengeId == null
        ? Optional.empty()
        : Optional.of(new Capture(frames, challengeId, true));
  }

  public List<byte[]> images(Set<String> fieldNames) {
    return files.stream()
        .filter(f -> fieldNames.contains(f.field()))
        .map(UploadedFile::bytes)
        .toList();
  }
}
