package io.facegate.config;

import io.facegate.vision.ImageLimits;
import java.time.Duration;

/** What one request may bring, and how many photo requests run and wait at once. */
public record LimitsConfig(
    long bodyLimitBytes,
    ImageLimits images,
    int maxImagesPerRequest,
    int maxHeaderBytes,
    int maxFormFieldBytes,
    int maxFormFields,
    int workers,
    int maxQueue,
    Duration inferenceTimeout) {

  static LimitsConfig from(Values v) {
    return new LimitsConfig(
        v.longValue("body_limit_bytes"),
        new ImageLimits(
            v.longValue("max_image_bytes"),
            v.longValue("max_image_pixels"),
            v.longValue("decode_budget_bytes"),
            Duration.ofMillis(v.longValue("decode_wait_ms"))),
        v.integer("max_images_per_request"),
        v.integer("max_header_bytes"),
        v.integer("max_form_field_bytes"),
        v.integer("max_form_fields"),
        v.integer("workers"),
        v.integer("max_queue"),
        Duration.ofMillis(v.longValue("inference_timeout_ms")));
  }
}
