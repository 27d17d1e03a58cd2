package io.facegate.http;

import io.facegate.liveness.LivenessRules;
import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a request body into memory with hard limits, as multipart or as JSON with base64 images.
 * Written instead of vertx-web's BodyHandler because that one streams uploads to files on disk, and
 * this server must never write a photo anywhere.
 */
public final class BodyReader {
  /** The field (and JSON key) of liveness frames, counted apart from images. */
  public static final String FRAMES = "frames";

  /** JSON keys that carry base64 images; a list under the key is several images. */
  private static final Set<String> IMAGE_KEYS =
      Set.of("image", "images", "image1", "image2", FRAMES);

  private final long maxBytes;
  private final int maxImages;
  private final MultipartBody multipart;

  /** As many frames as liveness judges; all of them within the body's byte limit. */
  private final int maxFrames = LivenessRules.defaults().maxFrames();

  /**
   * @param maxFieldBytes the largest multipart text field
   * @param maxParts the most multipart parts (text fields and files)
   */
  public BodyReader(long maxBytes, int maxImages, int maxFieldBytes, int maxParts) {
    this.maxBytes = maxBytes;
    this.maxImages = maxImages;
    this.multipart = new MultipartBody(maxFieldBytes, maxParts);
  }

  public Future<RequestBody> read(HttpServerRequest request) {
    String contentLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (contentLength != null && parseLength(contentLength) > maxBytes) {
      return Future.failedFuture(tooLarge());
    }
    String type = String.valueOf(request.getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase();
    if (type.startsWith("multipart/form-data")) {
      return readMultipart(request);
    }
    if (type.startsWith("application/json")) {
      return readAll(request).map(this::parseJson);
    }
    return Future.failedFuture(
        new FacegateException(
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send multipart/form-data or application/json"));
  }

  private Future<RequestBody> readMultipart(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    return readAll(request)
        .map(raw -> multipart.decode(type, raw))
        .map(
            body -> {
              List<UploadedFile> files = body.files();
              for (int i = 0; i < files.size(); i++) {
                Optional<FacegateException> tooMany =
                    tooMany(files.subList(0, i), files.get(i).field(), 1);
                if (tooMany.isPresent()) {
                  throw tooMany.get();
                }
              }
              return body;
            });
  }

  private Future<Buffer> readAll(HttpServerRequest request) {
    Promise<Buffer> result = Promise.promise();
    // The chunks are kept as they came and read through one composite view, never copied: a
    // growing buffer would copy a photo-sized body several times over, and sizing one from
    // Content-Length would let a client make the server allocate what it never sends.
    List<Buffer> chunks = new ArrayList<>();
    long[] received = {0};
    request.handler(
        chunk -> {
          received[0] += chunk.length();
          if (received[0] > maxBytes) {
            fail(request, result, tooLarge());
          } else if (!result.future().isComplete()) {
            chunks.add(chunk);
          }
        });
    request.exceptionHandler(e -> fail(request, result, malformed()));
    request.endHandler(v -> result.tryComplete(joined(chunks)));
    request.resume();
    return result.future();
  }

  private static Buffer joined(List<Buffer> chunks) {
    return BufferInternal.buffer(
        Unpooled.wrappedBuffer(
            chunks.stream()
                .map(chunk -> ((BufferInternal) chunk).getByteBuf())
                .toArray(ByteBuf[]::new)));
  }

  /** A JSON object body within the size limit (PATCH and other routes without images). */
  public Future<JsonObject> readJson(HttpServerRequest request) {
    String type = String.valueOf(request.getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase();
    if (!type.startsWith("application/json")) {
      return Future.failedFuture(
          new FacegateException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send application/json"));
    }
    return readAll(request).map(BodyReader::jsonObject);
  }

  private static JsonObject jsonObject(Buffer raw) {
    try {
      return raw.length() == 0 ? new JsonObject() : new JsonObject(raw);
    } catch (DecodeException | ClassCastException e) {
      throw new FacegateException(ErrorCode.BAD_REQUEST, "the body is not a JSON object");
    }
  }

  private RequestBody parseJson(Buffer raw) {
    JsonObject json = jsonObject(raw);
    Map<String, String> fields = new HashMap<>();
    List<UploadedFile> files = new ArrayList<>();
    for (Map.Entry<String, Object> entry : json) {
      String key = entry.getKey();
      Object value = entry.getValue();
      if (IMAGE_KEYS.contains(key)) {
        addImages(key, value, files);
      } else if (value instanceof JsonObject object) {
        fields.put(key, object.encode());
      } else if (value instanceof JsonArray array) {
        fields.put(key, array.encode());
      } else {
        fields.put(key, value == null ? null : String.valueOf(value));
      }
    }
    return new RequestBody(fields, files);
  }

  private void addImages(String key, Object value, List<UploadedFile> files) {
    List<Object> items =
        value instanceof JsonArray array ? array.getList() : List.of(value == null ? "" : value);
    Optional<FacegateException> tooMany = tooMany(files, key, items.size());
    if (tooMany.isPresent()) {
      throw tooMany.get();
    }
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i) instanceof String text)) {
        throw new FacegateException(ErrorCode.BAD_REQUEST, key + " must hold base64 strings");
      }
      files.add(new UploadedFile(key, decodeBase64(key, text)));
    }
  }

  /** Accepts plain or URL-safe base64, with or without a {@code data:image/...;base64,} prefix. */
  private static byte[] decodeBase64(String key, String text) {
    String payload =
        text.startsWith("data:") && text.contains(",")
            ? text.substring(text.indexOf(',') + 1)
            : text;
    payload = payload.replaceAll("\\s", "");
    try {
      return payload.indexOf('-') >= 0 || payload.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(payload)
          : Base64.getDecoder().decode(payload);
    } catch (IllegalArgumentException e) {
      throw new FacegateException(ErrorCode.BAD_REQUEST, key + " is not valid base64");
    }
  }

  /**
   * The refusal when {@code more} files under {@code field} would exceed their count: frames and
   * images are counted apart.
   */
  private Optional<FacegateException> tooMany(List<UploadedFile> files, String field, int more) {
    boolean frame = FRAMES.equals(field);
    long held = files.stream().filter(f -> FRAMES.equals(f.field()) == frame).count();
    int limit = frame ? maxFrames : maxImages;
    return held + more > limit
        ? Optional.of(
            new FacegateException(
                ErrorCode.BAD_REQUEST,
                "at most " + limit + (frame ? " frames" : " images") + " per request",
                new JsonObject().put("field", field)))
        : Optional.empty();
  }

  /** Stops reading a refused body: answer once, then let the connection go. */
  private static <T> void fail(
      HttpServerRequest request, Promise<T> result, FacegateException error) {
    if (result.tryFail(error)) {
      request.handler(null);
    }
  }

  private static long parseLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private FacegateException tooLarge() {
    return new FacegateException(
        ErrorCode.TOO_LARGE, "the request body is larger than " + maxBytes + " bytes");
  }

  private static FacegateException malformed() {
    return new FacegateException(
        ErrorCode.BAD_REQUEST, "the request body is malformed or was cut short");
  }
}
