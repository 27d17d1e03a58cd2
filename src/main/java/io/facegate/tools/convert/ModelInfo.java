package io.facegate.tools.convert;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints the input and output tensors of ONNX files as one JSON object keyed by file, as ONNX
 * Runtime itself sees them, so models/manifest.json describes the files that the server will really
 * load (-1 = dynamic).
 */
public final class ModelInfo {
  private ModelInfo() {}

  public static void main(String[] files) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    StringBuilder json = new StringBuilder("{");
    for (String file : files) {
      try (OrtSession s = env.createSession(file, new OrtSession.SessionOptions())) {
        if (json.length() > 1) json.append(',');
        json.append(quote(file))
            .append(":{\"inputs\":")
            .append(tensors(s.getInputInfo()))
            .append(",\"outputs\":")
            .append(tensors(s.getOutputInfo()))
            .append('}');
      }
    }
    System.out.println(json.append('}'));
  }

  private static String tensors(Map<String, NodeInfo> infos) {
    return infos.values().stream()
        .map(
            n -> {
              TensorInfo t = (TensorInfo) n.getInfo();
              return "{\"name\":"
                  + quote(n.getName())
                  + ",\"type\":"
                  + quote(t.type.toString().toLowerCase())
                  + ",\"shape\":"
                  + Arrays.toString(t.getShape()).replace(" ", "")
                  + "}";
            })
        .collect(Collectors.joining(",", "[", "]"));
  }

  /**
   * Names here are file paths and tensor names like "input:0": no characters that need escaping
   * beyond these.
   */
  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
