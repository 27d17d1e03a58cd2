package io.facegate.config;

import io.facegate.store.CropVault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The data directory, what to do with embeddings of another model ({@code refuse} or {@code
 * ignore-old}), the audit log's retention and the optional crop store key file.
 */
public record StorageConfig(
    Path dataDir, String onModelMismatch, int auditRetentionDays, Optional<Path> cropStoreKeyFile) {

  static StorageConfig from(Values v) {
    String keyFile = v.text("crop_store_key_file").strip();
    return new StorageConfig(
        Path.of(v.text("data_dir")),
        v.text("on_model_mismatch"),
        v.integer("audit_retention_days"),
        keyFile.isEmpty() ? Optional.empty() : Optional.of(Path.of(keyFile)));
  }

  /**
   * The crop store's key, read now so a missing or short key file stops the start; {@link
   * CropVault#OFF} when off.
   */
  public CropVault cropVault() {
    return cropStoreKeyFile.map(CropVault::fromKeyFile).orElse(CropVault.OFF);
  }
}
