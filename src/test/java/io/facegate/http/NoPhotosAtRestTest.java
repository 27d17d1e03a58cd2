package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.Bytes;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.multipart.MultipartForm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full cycle (multipart and JSON enrollment, 1:1, 1:N, PNG too, delete), then a search of every
 * file written during the test in the data dir and in java.io.tmpdir. A file fails if it holds a
 * 32-byte run from the middle of any uploaded photo (a copy of the photo, whatever the wrapping),
 * or is one of Netty's upload spill files; in the data dir, also if it starts with a JPEG or PNG
 * signature. Signatures are not searched inside files (three bytes occur by chance in any large
 * binary) nor at the start of temp files (the temp dir is shared with other programs, which may
 * well write images there).
 */
@E2eTier
class NoPhotosAtRestTest {
  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
  static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

  @TempDir Path dataDir;

  @Test
  void noImageBytesRemainOnDiskAfterAFullCycle() throws IOException {
    FileTime started = FileTime.fromMillis(System.currentTimeMillis() - 1000);
    Path obama = TestPhotos.path("people/obama/obama.jpg");
    List<byte[]> fingerprints =
        Stream.of(
                "people/obama/obama.jpg",
                "people/obama/obama2.jpg",
                "people/biden/biden.jpg",
                "people/kit_harington/john1.jpeg",
                "people/obama/obama3.jpg",
                "people/biden/biden2.jpg",
                "faceapi/_cases/noface/white.png")
            .map(p -> TestPhotos.read(TestPhotos.path(p)))
            .map(
                bytes ->
                    java.util.Arrays.copyOfRange(bytes, bytes.length / 2, bytes.length / 2 + 32))
            .toList();
    try (TestServer server = TestServer.start(TestServer.config(dataDir))) {
      ApiClient admin = server.client(Role.ADMIN);
      assertEquals(
          201,
          admin.register("obama", obama, TestPhotos.path("people/obama/obama2.jpg")).statusCode());
      assertEquals(
          201,
          admin
              .postJson(
                  "/register",
                  new JsonObject()
                      .put("username", "biden")
                      .put(
                          "images",
                          new JsonArray()
                              .add(
                                  Base64.getEncoder()
                                      .encodeToString(
                                          TestPhotos.read(
                                              TestPhotos.path("people/biden/biden.jpg"))))))
              .statusCode());
      assertEquals(
          201,
          admin.register("kit", TestPhotos.path("people/kit_harington/john1.jpeg")).statusCode());
      assertEquals(
          200, admin.auth("obama", TestPhotos.path("people/obama/obama3.jpg")).statusCode());
      assertEquals(200, admin.identify(TestPhotos.path("people/biden/biden2.jpg")).statusCode());
      MultipartForm png =
          MultipartForm.create()
              .attribute("mode", "id")
              .binaryFileUpload(
                  "image",
                  "white.png",
                  Buffer.buffer(
                      TestPhotos.read(TestPhotos.path("faceapi/_cases/noface/white.png"))),
                  "image/png");
      assertEquals(
          422,
          TestServer.await(admin.request(HttpMethod.POST, "/verify").sendMultipartForm(png))
              .statusCode());
      assertEquals(204, admin.delete("/users/kit").statusCode());
    }
    List<Path> scanned = new ArrayList<>();
    List<Path> holdingImages = new ArrayList<>();
    for (Path root : List.of(dataDir, Path.of(System.getProperty("java.io.tmpdir")))) {
      boolean ours = root.equals(dataDir);
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> writtenSince(f, started)).toList()) {
          scanned.add(file);
          if (holdsImage(file, fingerprints, ours)) {
            holdingImages.add(file);
          }
        }
      } catch (java.io.UncheckedIOException ignoredVanishedOrForeignFile) {
        // Other processes share the temp dir; a file of theirs vanishing mid-walk is not ours.
      }
    }
    assertTrue(
        scanned.stream().anyMatch(f -> f.getFileName().toString().startsWith("facegate.db")),
        "the database itself was scanned: " + scanned);
    assertEquals(List.of(), holdingImages);
  }

  private static boolean writtenSince(Path file, FileTime started) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.isRegularFile() && attributes.lastModifiedTime().compareTo(started) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean holdsImage(Path file, List<byte[]> fingerprints, boolean ours) {
    String name = file.getFileName().toString();
    if (name.startsWith("FUp_") || name.startsWith("Attr_")) {
      return true;
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      return false; // not ours to read (another user's temp file)
    }
    return ours && (Bytes.startsWith(bytes, JPEG) || Bytes.startsWith(bytes, PNG))
        || fingerprints.stream().anyMatch(f -> Bytes.indexOf(bytes, f) >= 0);
  }
}
