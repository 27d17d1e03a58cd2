package io.facegate.service;

import io.facegate.index.FaceIndex;

/**
 * Where the identification (1:N) threshold in force comes from: pinned by configuration, or derived
 * from the gallery.
 */
public interface IdThresholdSource {

  IdThreshold current();

  /** The gallery changed: a derived threshold follows it; a pinned one has nothing to do. */
  void galleryChanged();

  /** Stops any measuring in the background. */
  void stop();

  /** {@code threshold_id} set to a number: that value, whatever the gallery holds. */
  static IdThresholdSource pinned(double value, FaceIndex index) {
    return new IdThresholdSource() {
      @Override
      public IdThreshold current() {
        return IdThreshold.fixed(value, index.people());
      }

      @Override
      public void galleryChanged() {
        // nothing follows the gallery
      }

      @Override
      public void stop() {
        // nothing runs in the background
      }
    };
  }
}
