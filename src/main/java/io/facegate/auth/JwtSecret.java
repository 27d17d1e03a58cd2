package io.facegate.auth;

import io.facegate.store.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC secret for tokens: from configuration when given, otherwise generated once into the data
 * directory (owner-only permissions) so the server and the {@code token} command agree. The secret
 * itself is never logged.
 */
public final class JwtSecret {
  public static final int MIN_BYTES = 32;
  public static final String FILE_NAME = "jwt-secret";
  private static final Logger LOG = LoggerFactory.getLogger(JwtSecret.class);

  private JwtSecret() {}

  public static String resolve(String configured, Path dataDir) {
    if (configured != null && !configured.isEmpty()) {
      return requireStrong(configured, "FACEGATE_JWT_SECRET");
    }
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        generate(file);
      }
      return requireStrong(Files.readString(file, StandardCharsets.UTF_8).trim(), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the token secret " + file, e);
    }
  }

  private static void generate(Path file) throws IOException {
    DataDirectory.ensure(file.getParent());
    byte[] random = new byte[48];
    new SecureRandom().nextBytes(random);
    String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    try {
      // Created with 0600 from the start: there is no moment where others could read it.
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException raced) {
      return;
    }
    Files.writeString(file, secret, StandardCharsets.UTF_8);
    LOG.warn(
        "No FACEGATE_JWT_SECRET configured: generated a token secret in {} (mode 0600). "
            + "Mint tokens with: java -jar facegate.jar token --role admin",
        file.toAbsolutePath());
  }

  private static String requireStrong(String secret, String source) {
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
      throw new IllegalArgumentException(
          "the token secret from "
              + source
              + " is shorter than "
              + MIN_BYTES
              + " bytes; use a longer random value");
    }
    return secret;
  }
}
