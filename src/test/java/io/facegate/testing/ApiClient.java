package io.facegate.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.Map;

/** The HTTP API as a device would call it, with one bearer token. */
public final class ApiClient {
  private final WebClient web;
  private final int port;
  private final String token;

  public ApiClient(Vertx vertx, int port, String token) {
    this.web = WebClient.create(vertx);
    this.port = port;
    this.token = token;
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    HttpRequest<Buffer> request = web.request(method, port, "127.0.0.1", path);
    return token == null ? request : request.bearerTokenAuthentication(token);
  }

  public HttpResponse<Buffer> register(String username, Path... photos) {
    return TestServer.await(registerAsync(username, photos));
  }

  public Future<HttpResponse<Buffer>> registerAsync(String username, Path... photos) {
    return registerAsync(username, Map.of(), photos);
  }

  /** With more form fields, e.g. allow_duplicate. */
  public Future<HttpResponse<Buffer>> registerAsync(
      String username, Map<String, String> fields, Path... photos) {
    MultipartForm form = MultipartForm.create().attribute("username", username);
    fields.forEach(form::attribute);
    for (Path photo : photos) {
      form.binaryFileUpload(
          "images",
          photo.getFileName().toString(),
          Buffer.buffer(TestPhotos.read(photo)),
          "image/jpeg");
    }
    return request(HttpMethod.POST, "/register").sendMultipartForm(form);
  }

  public HttpResponse<Buffer> verify(Map<String, String> fields, String fileName, byte[] image) {
    MultipartForm form = MultipartForm.create();
    fields.forEach(form::attribute);
    form.binaryFileUpload("image", fileName, Buffer.buffer(image), "image/jpeg");
    return TestServer.await(request(HttpMethod.POST, "/verify").sendMultipartForm(form));
  }

  public HttpResponse<Buffer> auth(String username, Path photo) {
    return verify(
        Map.of("mode", "auth", "username", username),
        photo.getFileName().toString(),
        TestPhotos.read(photo));
  }

  public HttpResponse<Buffer> identify(Path photo) {
    return verify(Map.of("mode", "id"), photo.getFileName().toString(), TestPhotos.read(photo));
  }

  /** A multipart POST with one file per named field, e.g. image1 and image2 for /compare. */
  public HttpResponse<Buffer> postFiles(String path, Map<String, Path> files) {
    MultipartForm form = MultipartForm.create();
    files.forEach(
        (field, photo) ->
            form.binaryFileUpload(
                field,
                photo.getFileName().toString(),
                Buffer.buffer(TestPhotos.read(photo)),
                "image/jpeg"));
    return TestServer.await(request(HttpMethod.POST, path).sendMultipartForm(form));
  }

  public HttpResponse<Buffer> postJson(String path, JsonObject body) {
    return TestServer.await(request(HttpMethod.POST, path).sendJsonObject(body));
  }

  /** A POST of raw bytes with the given Content-Type. */
  public HttpResponse<Buffer> post(String path, String contentType, String body) {
    return TestServer.await(
        request(HttpMethod.POST, path)
            .putHeader("Content-Type", contentType)
            .sendBuffer(Buffer.buffer(body)));
  }

  public HttpResponse<Buffer> get(String path) {
    return TestServer.await(request(HttpMethod.GET, path).send());
  }

  public HttpResponse<Buffer> delete(String path) {
    return TestServer.await(request(HttpMethod.DELETE, path).send());
  }
}
