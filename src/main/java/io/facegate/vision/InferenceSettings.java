package io.facegate.vision;

/**
 * How ONNX Runtime may use the CPU: intra-op threads per model run (the equivalent of
 * TORCH_NUM_THREADS / OMP_NUM_THREADS). Total CPU use is roughly workers x this number.
 */
public record InferenceSettings(int intraOpThreads) {
  public InferenceSettings {
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("inference threads must be at least 1");
    }
  }
}
