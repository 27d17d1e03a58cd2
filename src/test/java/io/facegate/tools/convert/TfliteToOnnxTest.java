package io.facegate.tools.convert;

import static io.facegate.tools.convert.TfliteBuilder.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.facegate.testing.FastTier;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Converts tiny hand-built TFLite models, runs them in ONNX Runtime with batch sizes other than the
 * baked one, and compares with a direct NHWC computation of TFLite's semantics.
 */
@FastTier
class TfliteToOnnxTest {
  private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
  private final Random random = new Random(7);

  @Test
  void conv2dWithSamePaddingUnequalStridesAndFusedRelu6() throws OrtException {
    int h = 5, w = 6, c = 3, o = 4, k = 3, sh = 1, sw = 2;
    float[] weights = noise(o * k * k * c), bias = noise(o);
    TfliteBuilder b = new TfliteBuilder();
    int x = b.tensor("x", 2, h, w, c), y = b.tensor("y", 2, 5, 3, o);
    int wt = b.constant("w", new int[] {o, k, k, c}, weights),
        bt = b.constant("b", new int[] {o}, bias);
    // Conv2DOptions: padding SAME(0), stride_w, stride_h, fused activation RELU6(3); union index 1.
    b.op(
        Tflite.CONV_2D,
        new int[] {x, wt, bt},
        new int[] {y},
        1,
        options(0, Tflite.SAME, 1, 1, sw, 0, 2, sh, 0, 3, Tflite.ACT_RELU6, 1));
    b.io(new int[] {x}, new int[] {y});
    byte[] model = TfliteToOnnx.convert(b.build(), "conv");
    for (int n : new int[] {1, 3}) {
      float[] in = noise(n * h * w * c);
      for (int i = 0; i < in.length; i++)
        in[i] *= 4; // large enough to reach RELU6's upper clip too
      float[] expected = conv(in, n, h, w, c, weights, bias, o, k, sh, sw, false);
      for (int i = 0; i < expected.length; i++) expected[i] = Math.min(6, Math.max(0, expected[i]));
      assertClose(expected, run(model, "x", in, n, h, w, c), 1e-4f);
    }
  }

  @Test
  void depthwiseConvWithMultiplier() throws OrtException {
    int h = 5, w = 5, c = 2, mult = 2, k = 3;
    float[] weights = noise(k * k * c * mult), bias = noise(c * mult);
    TfliteBuilder b = new TfliteBuilder();
    int x = b.tensor("x", 2, h, w, c), y = b.tensor("y", 2, 3, 3, c * mult);
    int wt = b.constant("w", new int[] {1, k, k, c * mult}, weights),
        bt = b.constant("b", new int[] {c * mult}, bias);
    // DepthwiseConv2DOptions: padding VALID(1), stride_w, stride_h, depth_multiplier; union index
    // 2.
    b.op(
        Tflite.DEPTHWISE_CONV_2D,
        new int[] {x, wt, bt},
        new int[] {y},
        2,
        options(0, Tflite.VALID, 1, 1, 1, 0, 2, 1, 0, 3, mult, 0));
    b.io(new int[] {x}, new int[] {y});
    byte[] model = TfliteToOnnx.convert(b.build(), "dw");
    for (int n : new int[] {1, 3}) {
      float[] in = noise(n * h * w * c);
      assertClose(
          conv(in, n, h, w, c, weights, bias, c * mult, k, 1, 1, true),
          run(model, "x", in, n, h, w, c),
          1e-4f);
    }
  }

  /** x + bias, then PReLU as MobileFaceNet's TFLite file spells it, then a flattening reshape. */
  @Test
  void addAndDecomposedPreluThenFlatten() throws OrtException {
    int h = 4, w = 4, c = 3;
    float[] bias = noise(c), alpha = {0.1f, 0.25f, 0.5f};
    TfliteBuilder b = new TfliteBuilder();
    int x = b.tensor("x", 2, h, w, c);
    int bt = b.constant("bias", new int[] {c}, bias),
        at = b.constant("alpha", new int[] {1, 1, c}, alpha);
    int half = b.constant("half", new int[0], new float[] {0.5f});
    int shape = b.intConstant("shape", 2, h * w * c);
    int a = b.tensor("a", 2, h, w, c),
        r = b.tensor("r", 2, h, w, c),
        abs = b.tensor("abs", 2, h, w, c);
    int d = b.tensor("d", 2, h, w, c),
        m = b.tensor("m", 2, h, w, c),
        m2 = b.tensor("m2", 2, h, w, c);
    int p = b.tensor("p", 2, h, w, c), y = b.tensor("y", 2, h * w * c);
    // Add/Sub/Mul options (union 11, 28, 21) hold only the fused activation: NONE.
    b.op(Tflite.ADD, new int[] {x, bt}, new int[] {a}, 11, options(0, Tflite.ACT_NONE, 1));
    b.op(Tflite.RELU, new int[] {a}, new int[] {r}, 0, null);
    b.op(Tflite.ABS, new int[] {a}, new int[] {abs}, 0, null);
    b.op(Tflite.SUB, new int[] {a, abs}, new int[] {d}, 28, options(0, Tflite.ACT_NONE, 1));
    b.op(Tflite.MUL, new int[] {d, at}, new int[] {m}, 21, options(0, Tflite.ACT_NONE, 1));
    b.op(Tflite.MUL, new int[] {m, half}, new int[] {m2}, 21, options(0, Tflite.ACT_NONE, 1));
    b.op(Tflite.ADD, new int[] {r, m2}, new int[] {p}, 11, options(0, Tflite.ACT_NONE, 1));
    b.op(Tflite.RESHAPE, new int[] {p, shape}, new int[] {y}, 0, null);
    b.io(new int[] {x}, new int[] {y});
    byte[] tflite = b.build();
    assertEquals(
        Map.of("Add", 1, "PRelu", 1, "Reshape", 1, "Transpose", 2),
        TfliteToOnnx.build(tflite, "prelu", TfliteToOnnx.PreluForm.PRELU).opCounts(),
        "the five elementwise ops become one PRelu");
    assertEquals(
        Map.of("Add", 2, "BatchNormalization", 2, "Relu", 2, "Reshape", 1, "Transpose", 2),
        TfliteToOnnx.build(tflite, "prelu").opCounts(),
        "or relu(x) + (-a) * relu(-x)");
    byte[] model = TfliteToOnnx.convert(tflite, "prelu");
    byte[] onePrelu =
        TfliteToOnnx.build(tflite, "prelu", TfliteToOnnx.PreluForm.PRELU)
            .toBytes(TfliteToOnnx.PRODUCER);
    for (int n : new int[] {1, 3}) {
      float[] in = noise(n * h * w * c), expected = new float[in.length];
      for (int i = 0; i < in.length; i++) {
        float v = in[i] + bias[i % c];
        expected[i] = v > 0 ? v : alpha[i % c] * v; // NHWC: the channel is the fastest index
      }
      float[] out = run(model, "x", in, n, h, w, c);
      assertClose(expected, out, 1e-5f);
      assertArrayEquals(run(onePrelu, "x", in, n, h, w, c), out, "the same bits as PRelu");
    }
  }

  /** The same shape of ops, but relu(x) is also a graph output: it must not be fused away. */
  @Test
  void writtenOutPreluWhoseReluIsUsedElsewhereStaysOpByOp() throws OrtException {
    int h = 2, w = 3, c = 2;
    float[] half = {0.05f, 0.2f};
    TfliteBuilder b = new TfliteBuilder();
    int x = b.tensor("x", 2, h, w, c), hf = b.constant("half", new int[] {c}, half);
    int r = b.tensor("r", 2, h, w, c),
        abs = b.tensor("abs", 2, h, w, c),
        d = b.tensor("d", 2, h, w, c);
    int m = b.tensor("m", 2, h, w, c), p = b.tensor("p", 2, h, w, c);
    b.op(Tflite.RELU, new int[] {x}, new int[] {r}, 0, null);
    b.op(Tflite.ABS, new int[] {x}, new int[] {abs}, 0, null);
    b.op(Tflite.SUB, new int[] {x, abs}, new int[] {d}, 28, options(0, Tflite.ACT_NONE, 1));
    b.op(Tflite.MUL, new int[] {hf, d}, new int[] {m}, 21, options(0, Tflite.ACT_NONE, 1));
    b.op(Tflite.ADD, new int[] {r, m}, new int[] {p}, 11, options(0, Tflite.ACT_NONE, 1));
    b.io(new int[] {x}, new int[] {p, r});
    byte[] tflite = b.build();
    assertEquals(1, TfliteToOnnx.build(tflite, "prelu").opCounts().get("Abs"));
    byte[] model = TfliteToOnnx.convert(tflite, "prelu");
    float[] in = noise(h * w * c), expected = new float[in.length];
    for (int i = 0; i < in.length; i++) expected[i] = in[i] > 0 ? in[i] : 2 * half[i % c] * in[i];
    assertClose(expected, run(model, "x", in, 1, h, w, c), 1e-6f);
  }

  /**
   * The face landmark model's native PRELU, then PAD on height, width and (for a wider residual)
   * channels.
   */
  @Test
  void nativePreluThenZeroPadding() throws OrtException {
    int h = 3, w = 4, c = 2, top = 1, right = 2, extraC = 3;
    int oh = h + top, ow = w + right, oc = c + extraC;
    float[] alpha = {0.2f, 0.7f};
    TfliteBuilder b = new TfliteBuilder();
    int x = b.tensor("x", 2, h, w, c),
        p = b.tensor("p", 2, h, w, c),
        y = b.tensor("y", 2, oh, ow, oc);
    int at = b.constant("alpha", new int[] {1, 1, c}, alpha);
    int pads =
        b.intConstant(
            "pads", 0, 0, top, 0, 0, right, 0, extraC); // [4, 2]: (before, after) per NHWC axis
    b.op(Tflite.PRELU, new int[] {x, at}, new int[] {p}, 0, null);
    b.op(Tflite.PAD, new int[] {p, pads}, new int[] {y}, 0, null);
    b.io(new int[] {x}, new int[] {y});
    byte[] tflite = b.build();
    assertFalse(
        TfliteToOnnx.build(tflite, "prelu_pad").opCounts().containsKey("PRelu"),
        "the native PRELU takes the blocked form");
    byte[] model = TfliteToOnnx.convert(tflite, "prelu_pad");
    for (int n : new int[] {1, 3}) {
      float[] in = noise(n * h * w * c), expected = new float[n * oh * ow * oc];
      for (int i = 0; i < in.length; i++) {
        int ch = i % c, col = i / c % w, row = i / (c * w) % h, img = i / (c * w * h);
        float v = in[i] > 0 ? in[i] : alpha[ch] * in[i];
        expected[((img * oh + row + top) * ow + col) * oc + ch] = v;
      }
      assertClose(expected, run(model, "x", in, n, h, w, c), 1e-6f);
    }
  }

  @Test
  void convertingTwiceGivesTheSameBytes() {
    TfliteBuilder b = new TfliteBuilder();
    int x = b.tensor("x", 1, 2, 2, 1), y = b.tensor("y", 1, 2, 2, 1);
    b.op(Tflite.RELU, new int[] {x}, new int[] {y}, 0, null);
    b.io(new int[] {x}, new int[] {y});
    byte[] tflite = b.build();
    assertArrayEquals(TfliteToOnnx.convert(tflite, "g"), TfliteToOnnx.convert(tflite, "g"));
  }

  @Test
  void halfPrecisionDecoding() {
    assertEquals(1f, TfliteToOnnx.halfToFloat((short) 0x3C00));
    assertEquals(-2f, TfliteToOnnx.halfToFloat((short) 0xC000));
    assertEquals(65504f, TfliteToOnnx.halfToFloat((short) 0x7BFF));
    assertEquals(0x1p-24f, TfliteToOnnx.halfToFloat((short) 0x0001));
    assertEquals(Float.NEGATIVE_INFINITY, TfliteToOnnx.halfToFloat((short) 0xFC00));
  }

  /**
   * TFLite convolution in NHWC: SAME padding when the output is larger than VALID would give, odd
   * pixel last.
   */
  private static float[] conv(
      float[] x,
      int n,
      int h,
      int w,
      int c,
      float[] weights,
      float[] bias,
      int o,
      int k,
      int sh,
      int sw,
      boolean depthwise) {
    boolean same = !depthwise; // the tests use SAME for conv and VALID for depthwise
    int oh = same ? (h + sh - 1) / sh : (h - k) / sh + 1,
        ow = same ? (w + sw - 1) / sw : (w - k) / sw + 1;
    int top = same ? Math.max(0, (oh - 1) * sh + k - h) / 2 : 0,
        left = same ? Math.max(0, (ow - 1) * sw + k - w) / 2 : 0;
    float[] y = new float[n * oh * ow * o];
    for (int b = 0; b < n; b++)
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
          for (int oc = 0; oc < o; oc++) {
            double s = bias[oc];
            for (int ky = 0; ky < k; ky++)
              for (int kx = 0; kx < k; kx++) {
                int iy = oy * sh - top + ky, ix = ox * sw - left + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                int base = ((b * h + iy) * w + ix) * c;
                if (depthwise) s += x[base + oc / (o / c)] * weights[(ky * k + kx) * o + oc];
                else
                  for (int ic = 0; ic < c; ic++)
                    s += x[base + ic] * weights[((oc * k + ky) * k + kx) * c + ic];
              }
            y[((b * oh + oy) * ow + ox) * o + oc] = (float) s;
          }
    return y;
  }

  private static float[] run(byte[] model, String input, float[] x, long... shape)
      throws OrtException {
    try (OrtSession s = ENV.createSession(model, new OrtSession.SessionOptions());
        OnnxTensor t = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(x), shape);
        OrtSession.Result r = s.run(Map.of(input, t))) {
      FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] v = new float[out.remaining()];
      out.get(v);
      return v;
    }
  }

  private float[] noise(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
    return v;
  }

  private static void assertClose(float[] expected, float[] actual, float tolerance) {
    assertEquals(expected.length, actual.length, "element count");
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > tolerance)
        throw new AssertionError(
            "at "
                + i
                + ": expected "
                + expected[i]
                + " got "
                + actual[i]
                + " (first values "
                + Arrays.toString(Arrays.copyOf(actual, Math.min(8, actual.length)))
                + ")");
    }
  }
}
