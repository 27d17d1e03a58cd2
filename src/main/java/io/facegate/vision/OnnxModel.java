package io.facegate.vision;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session, created once and shared: {@code OrtSession.run} is safe to call from
 * several worker threads at the same time.
 */
public final class OnnxModel implements AutoCloseable {
  private final String name;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final List<String> outputNames;
  private final long[] inputShape;

  public OnnxModel(String name, byte[] onnx, InferenceSettings settings) {
    this.name = name;
    // Warnings about unused initializers in the published detector files are noise to operators.
    this.env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      options.setIntraOpNumThreads(settings.intraOpThreads());
      options.setInterOpNumThreads(1);
      // Idle pool threads spin by default, burning the cores that concurrent requests need.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.addConfigEntry("session.inter_op.allow_spinning", "0");
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(onnx, options);
      this.inputName = session.getInputNames().iterator().next();
      this.outputNames = List.copyOf(session.getOutputNames());
      this.inputShape = ((TensorInfo) session.getInputInfo().get(inputName).getInfo()).getShape();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load model " + name + ": " + e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public List<String> outputNames() {
    return outputNames;
  }

  /** The input's shape as the file declares it; -1 marks a dynamic dimension. */
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** Runs the model on one float input and copies every output out as a flat float array. */
  public Map<String, float[]> run(FloatBuffer input, long[] shape) {
    WorkDeadline.check();
    try (OnnxTensor tensor = OnnxTensor.createTensor(env, input, shape);
        OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
      Map<String, float[]> outputs = new java.util.HashMap<>();
      for (String output : outputNames) {
        OnnxTensor value = (OnnxTensor) result.get(output).orElseThrow();
        FloatBuffer buffer = value.getFloatBuffer();
        float[] copy = new float[buffer.remaining()];
        buffer.get(copy);
        outputs.put(output, copy);
      }
      return outputs;
    } catch (OrtException e) {
      throw new IllegalStateException("model " + name + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
