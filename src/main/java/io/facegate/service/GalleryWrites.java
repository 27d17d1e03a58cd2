package io.facegate.service;

import io.facegate.store.Enrollment;
import io.facegate.store.PhotoRemoval;
import io.facegate.store.Profile;
import io.facegate.store.Removal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Where enrollments and deletions go: this box's SQLite and index (standalone), the central
 * PostgreSQL gallery (a central, which answers once its own replica holds the change), or nowhere
 * (a follower refuses). Each completes once this instance's index reflects the write.
 */
public interface GalleryWrites {
  Future<Enrollment> enroll(
      String username,
      String displayName,
      JsonObject metadata,
      List<float[]> vectors,
      List<byte[]> crops,
      String modelId);

  /** The removed ids and the seq of the delete; empty when no such person. */
  Future<Optional<Removal>> delete(String username);

  /**
   * Replaces the person's profile with {@code change} applied to the current one; the seq of the
   * edit, or empty when no such person. {@code change} may throw to refuse the edit.
   */
  Future<Optional<Long>> updateProfile(String username, UnaryOperator<Profile> change);

  /** Removes one embedding of the person (never their last), from the index too. */
  Future<PhotoRemoval> removePhoto(String username, long embeddingId);

  /**
   * True when a write's seq names the shared gallery's state (a central), so clients may wait for
   * it elsewhere.
   */
  boolean sharedSeq();

  /** A write's seq as clients see it: only a central's names the shared gallery's state. */
  default OptionalLong seqToShare(long seq) {
    return sharedSeq() ? OptionalLong.of(seq) : OptionalLong.empty();
  }

  /**
   * False when this instance's gallery may be too old to name anyone: a follower out of sync for
   * longer than its limit under the policy {@code unknown}. Its answers then match nobody.
   */
  default boolean namesPeople() {
    return true;
  }

  /**
   * A follower's: every write is refused with READ_ONLY_REPLICA; {@code namesPeople} says whether
   * its replica is fresh enough.
   */
  static GalleryWrites readOnly(BooleanSupplier namesPeople) {
    return new GalleryWrites() {
      @Override
      public Future<Enrollment> enroll(
          String username,
          String displayName,
          JsonObject metadata,
          List<float[]> vectors,
          List<byte[]> crops,
          String modelId) {
        return Future.failedFuture(refusal());
      }

      @Override
      public Future<Optional<Removal>> delete(String username) {
        return Future.failedFuture(refusal());
      }

      @Override
      public Future<Optional<Long>> updateProfile(String username, UnaryOperator<Profile> change) {
        return Future.failedFuture(refusal());
      }

      @Override
      public Future<PhotoRemoval> removePhoto(String username, long embeddingId) {
        return Future.failedFuture(refusal());
      }

      @Override
      public boolean sharedSeq() {
        return false;
      }

      @Override
      public boolean namesPeople() {
        return namesPeople.getAsBoolean();
      }
    };
  }

  static FacegateException refusal() {
    return new FacegateException(
        ErrorCode.READ_ONLY_REPLICA,
        "this server is a follower (a door): change people and devices on the central, the change reaches here by replication");
  }
}
