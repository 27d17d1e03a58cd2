package io.facegate.tools.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.facegate.testing.ModelsTier;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real converted networks, as scripts/fetch-models.sh produced them in models/ during the build
 * (its sources stay extracted under models/.cache/). Building with -Dfacegate.skipModels=true skips
 * these.
 */
@ModelsTier
class ConvertedModelsTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private static JsonObject sources;

  @BeforeAll
  static void readPins() throws IOException {
    assumeFalse(Boolean.getBoolean("facegate.skipModels"), "models were not fetched");
    sources = new JsonObject(Files.readString(Path.of("models/sources.json")));
  }

  @Test
  void mobileFaceNetConversionIsReproducibleAndPinned() throws Exception {
    JsonObject pin = model("mobilefacenet");
    byte[] tflite = Files.readAllBytes(source(pin));
    byte[] first = TfliteToOnnx.convert(tflite, "mobilefacenet"),
        second = TfliteToOnnx.convert(tflite, "mobilefacenet");
    assertArrayEquals(first, second);
    assertArrayEquals(Files.readAllBytes(Path.of("models", pin.getString("file"))), first);
    assertEquals(pin.getString("sha256"), sha256(first));
    // One Transpose into NCHW, one back before the final flatten; the 33 written-out PReLUs each as
    // relu(x) + (-a) * relu(-x): 2 Relu, 2 BatchNormalization and 1 Add.
    assertEquals(
        Map.of(
            "Add",
            12 + 33,
            "BatchNormalization",
            66,
            "Conv",
            52,
            "Relu",
            66,
            "Reshape",
            1,
            "Transpose",
            2),
        TfliteToOnnx.build(tflite, "mobilefacenet").opCounts());
  }

  /**
   * Stored embeddings carry the embedder file's id; the manifest's formerSha256 lets the server
   * adopt those of earlier conversions: PReLU op by op, then as one PRelu op. That is only right if
   * those files are this network converted those ways and all give the same embeddings bit for bit.
   */
  @Test
  void mobileFaceNetFormerConversionsAreTheEarlierPreluFormsWithIdenticalOutputs()
      throws Exception {
    JsonObject pin = model("mobilefacenet");
    byte[] tflite = Files.readAllBytes(source(pin));
    List<byte[]> formers =
        List.of(
            TfliteToOnnx.build(tflite, "mobilefacenet", TfliteToOnnx.PreluForm.OPS)
                .toBytes(TfliteToOnnx.PRODUCER),
            TfliteToOnnx.build(tflite, "mobilefacenet", TfliteToOnnx.PreluForm.PRELU)
                .toBytes(TfliteToOnnx.PRODUCER));
    assertEquals(
        List.of(sha256(formers.get(0)), sha256(formers.get(1))),
        pin.getJsonArray("formerSha256").getList());
    float[] batch = noise(4 * 112 * 112 * 3);
    float[][] actual;
    try (OrtSession current = session("mobilefacenet")) {
      actual = run(current, "input", batch, 4, 112, 112, 3).get(0);
    }
    for (byte[] earlier : formers) {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
          OrtSession former = ENV.createSession(earlier, options)) {
        float[][] expected = run(former, "input", batch, 4, 112, 112, 3).get(0);
        for (int i = 0; i < 4; i++) assertArrayEquals(expected[i], actual[i]);
      }
    }
  }

  @Test
  void mobileFaceNetTakesAnyBatch() throws OrtException {
    try (OrtSession s = session("mobilefacenet")) {
      assertSignature(s.getInputInfo(), "input", -1, 112, 112, 3);
      assertSignature(s.getOutputInfo(), "embeddings", -1, 192);
      float[] batch = noise(3 * 112 * 112 * 3);
      float[][] together = run(s, "input", batch, 3, 112, 112, 3).get(0);
      for (int i = 0; i < 3; i++) {
        float[] one = new float[112 * 112 * 3];
        System.arraycopy(batch, i * one.length, one, 0, one.length);
        float[] alone = run(s, "input", one, 1, 112, 112, 3).get(0)[0];
        for (int j = 0; j < 192; j++) assertEquals(alone[j], together[i][j], 1e-4f);
      }
      assertTrue(
          cosine(together[0], together[1]) < 0.99,
          "different inputs must give different embeddings");
    }
  }

  @Test
  void antiSpoofingTakesAnyBatchAndRoutesToLeaves() throws Exception {
    JsonObject pin = model("antispoof");
    assertEquals(
        pin.getString("sha256"),
        sha256(Files.readAllBytes(Path.of("models", pin.getString("file")))));
    try (OrtSession s = session("antispoof")) {
      assertSignature(s.getInputInfo(), "input", -1, 256, 256, 3);
      assertEquals(List.of("Identity", "Identity_1"), List.copyOf(s.getOutputInfo().keySet()));
      float[] input = noise(2 * 256 * 256 * 3);
      for (int i = 0; i < input.length; i++) input[i] = 0.5f + 0.2f * input[i]; // in [0,1] mostly
      List<float[][]> out = run(s, "input", input, 2, 256, 256, 3);
      for (float[] mask : out.get(1)) {
        assertEquals(8, mask.length);
        for (float m : mask) assertTrue(m == 0 || m == 1, "leaf mask values are 0 or 1: " + m);
      }
    }
  }

  /**
   * The face mesh is a byte range of MediaPipe's packed asset bundle (see "slice" in sources.json).
   */
  @Test
  void faceLandmarkConversionIsReproducibleAndPinned() throws Exception {
    JsonObject pin = model("face-landmark");
    byte[] bundle = Files.readAllBytes(source(pin));
    int start = pin.getJsonArray("slice").getInteger(0),
        end = pin.getJsonArray("slice").getInteger(1);
    byte[] tflite = java.util.Arrays.copyOfRange(bundle, start, end);
    assertEquals("TFL3", new String(tflite, 4, 4, java.nio.charset.StandardCharsets.US_ASCII));
    byte[] onnx = TfliteToOnnx.convert(tflite, "face-landmark");
    assertArrayEquals(Files.readAllBytes(Path.of("models", pin.getString("file"))), onnx);
    assertEquals(pin.getString("sha256"), sha256(onnx));
    assertEquals(
        Map.of(
            "Add",
            43,
            "BatchNormalization",
            46,
            "Conv",
            45,
            "MaxPool",
            6,
            "Pad",
            3,
            "Relu",
            46,
            "Transpose",
            3),
        TfliteToOnnx.build(tflite, "face-landmark").opCounts());
    try (OrtSession s = session("face-landmark")) {
      assertEquals(List.of("input_1"), List.copyOf(s.getInputInfo().keySet()));
      assertArrayEquals(
          new long[] {-1, 192, 192, 3},
          ((TensorInfo) s.getInputInfo().get("input_1").getInfo()).getShape());
      float[] grey = new float[192 * 192 * 3];
      java.util.Arrays.fill(grey, 0.5f);
      List<float[][]> out = run(s, "input_1", grey, 1, 192, 192, 3);
      assertTrue(
          out.stream().anyMatch(o -> o[0].length == 468 * 3), "a 468-point (x, y, z) output");
    }
  }

  private static JsonObject model(String name) {
    return sources.getJsonArray("models").stream()
        .map(JsonObject.class::cast)
        .filter(m -> m.getString("name").equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Path source(JsonObject pin) {
    return Path.of("models/.cache", pin.getString("source"), pin.getString("sourcePath"));
  }

  private static OrtSession session(String name) throws OrtException {
    return ENV.createSession(
        "models/" + model(name).getString("file"), new OrtSession.SessionOptions());
  }

  private static void assertSignature(Map<String, NodeInfo> infos, String name, long... shape) {
    assertEquals(List.of(name), List.copyOf(infos.keySet()));
    assertArrayEquals(shape, ((TensorInfo) infos.get(name).getInfo()).getShape());
  }

  /** Every output, flattened per batch item (whatever its rank). */
  private static List<float[][]> run(OrtSession s, String input, float[] x, long... shape)
      throws OrtException {
    try (OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), shape);
        OrtSession.Result r = s.run(Map.of(input, t))) {
      List<float[][]> outs = new java.util.ArrayList<>();
      for (int i = 0; i < r.size(); i++) {
        FloatBuffer b = ((OnnxTensor) r.get(i)).getFloatBuffer();
        float[][] perItem = new float[(int) shape[0]][b.remaining() / (int) shape[0]];
        for (float[] item : perItem) b.get(item);
        outs.add(perItem);
      }
      return outs;
    }
  }

  private static float[] noise(int n) {
    Random random = new Random(3);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
    return v;
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0, aa = 0, bb = 0;
    for (int i = 0; i < a.length; i++) {
      ab += a[i] * b[i];
      aa += a[i] * a[i];
      bb += b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
