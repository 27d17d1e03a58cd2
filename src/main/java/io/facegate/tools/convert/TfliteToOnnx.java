package io.facegate.tools.convert;

import io.facegate.tools.convert.Onnx.Attr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a float TFLite model (one subgraph) to ONNX opset 13, for the operators MobileFaceNet,
 * FaceAntiSpoofing and the MediaPipe face landmark model use. Build-time tool: the server only
 * loads the resulting .onnx files.
 *
 * <p>TFLite is NHWC, ONNX convolutions and pools are NCHW. Every rank-4 activation is computed in
 * NCHW, and a Transpose is added only where a value is needed in the other layout (at the input,
 * before a reshape or a fully connected layer that flattens, at a rank-4 graph output). Constants
 * are re-laid out at conversion time instead. Graph inputs and outputs keep the TFLite names,
 * layout and shapes, except that the batch dimension, baked into TFLite files, becomes the symbolic
 * "N".
 */
public final class TfliteToOnnx {
  static final String PRODUCER = "facegate-tflite2onnx";

  private static final int[] NHWC_TO_NCHW = {0, 3, 1, 2}, NCHW_TO_NHWC = {0, 2, 3, 1};

  private final Tflite.Model model;
  private final Tflite.SubGraph g;
  private final Onnx onnx;

  /**
   * Per TFLite tensor: its ONNX name in TFLite layout, and in NCHW; null until some node produces
   * it.
   */
  private final String[] plain, nchw;

  private final String[] names;

  /** Constants computed at conversion time (dequantized float16 weights). */
  private final Map<Integer, float[]> folded = new HashMap<>();

  /** The batch size baked into the TFLite input, replaced by a dynamic dimension. */
  private final int batch;

  /** How PReLU, native or written out, is emitted; set by #run. */
  private PreluForm preluForm;

  private TfliteToOnnx(Tflite.Model model, String graphName) {
    if (model.subgraphsLength() != 1) throw new IllegalArgumentException("expected one subgraph");
    this.model = model;
    this.g = model.subgraph(0);
    this.onnx = new Onnx(graphName);
    int n = g.tensorsLength();
    plain = new String[n];
    nchw = new String[n];
    names = new String[n];
    Set<String> used = new HashSet<>();
    for (int i = 0; i < n; i++) {
      String name = g.tensor(i).name();
      names[i] = name == null || name.isEmpty() || !used.add(name) ? "t" + i : name;
      used.add(names[i]);
    }
    batch = shape(g.inputs()[0])[0];
  }

  /** Returns the ONNX model bytes. */
  public static byte[] convert(byte[] tflite, String graphName) {
    return build(tflite, graphName).toBytes(PRODUCER);
  }

  static Onnx build(byte[] tflite, String graphName) {
    return build(tflite, graphName, PreluForm.BATCH_NORM);
  }

  /**
   * How a written-out PReLU ({@link DecomposedPrelu}) is converted, and in BATCH_NORM a native one
   * too; earlier forms are kept to check that they agree.
   */
  enum PreluForm {
    /** Op by op, as the converter did first. */
    OPS,
    /** One PRelu node. */
    PRELU,
    /** relu(x) + (-a) * relu(-x), the scalings as BatchNormalization (see #preluAsBatchNorm). */
    BATCH_NORM
  }

  static Onnx build(byte[] tflite, String graphName, PreluForm prelu) {
    TfliteToOnnx c = new TfliteToOnnx(Tflite.Model.read(tflite), graphName);
    c.run(prelu);
    return c.onnx;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: TfliteToOnnx <in.tflite> <out.onnx>");
      System.exit(2);
    }
    Path out = Path.of(args[1]);
    String graph = out.getFileName().toString().replaceFirst("\\.onnx$", "");
    Onnx o = build(Files.readAllBytes(Path.of(args[0])), graph);
    byte[] bytes = o.toBytes(PRODUCER);
    Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.println("wrote " + out + " (" + bytes.length + " bytes) " + o.opCounts());
  }

  private void run(PreluForm preluForm) {
    this.preluForm = preluForm;
    for (int t : g.inputs()) {
      plain[t] = names[t];
      onnx.input(names[t], onnxType(t), dynamicBatch(shape(t)));
    }
    DecomposedPrelu prelus =
        preluForm == PreluForm.OPS
            ? DecomposedPrelu.none(model)
            : DecomposedPrelu.find(model, this::isConst);
    for (int k = 0; k < g.operatorsLength(); k++) {
      if (prelus.absorbed(k)) continue;
      Tflite.Operator op = g.operator(k);
      int code = model.operatorCode(op.opcodeIndex()).builtinCode();
      try {
        DecomposedPrelu.Match prelu = prelus.at(k);
        if (prelu != null) prelu(prelu, op.outputs()[0], preluForm);
        else convert(code, op);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "operator " + k + " (builtin code " + code + "): " + e.getMessage(), e);
      }
    }
    for (int t : g.outputs()) onnx.output(plainOf(t), onnxType(t), dynamicBatch(shape(t)));
  }

  private void convert(int code, Tflite.Operator op) {
    int[] in = op.inputs();
    int out = op.outputs()[0];
    switch (code) {
      case Tflite.CONV_2D -> conv(op, in, out, false);
      case Tflite.DEPTHWISE_CONV_2D -> conv(op, in, out, true);
      case Tflite.ADD -> binary("Add", in, out, op.options(new Tflite.ActivationOptions()));
      case Tflite.SUB -> binary("Sub", in, out, op.options(new Tflite.ActivationOptions()));
      case Tflite.MUL -> binary("Mul", in, out, op.options(new Tflite.ActivationOptions()));
      case Tflite.PRELU -> nativePrelu(in, out);
      case Tflite.PAD -> pad(in, out);
      case Tflite.LESS -> binary("Less", in, out, null);
      case Tflite.GREATER_EQUAL -> binary("GreaterOrEqual", in, out, null);
      case Tflite.ABS -> unary("Abs", in[0], out);
      case Tflite.RELU -> unary("Relu", in[0], out);
      case Tflite.LOGISTIC -> unary("Sigmoid", in[0], out);
      case Tflite.TANH -> unary("Tanh", in[0], out);
      case Tflite.LEAKY_RELU ->
          unary(
              "LeakyRelu",
              in[0],
              out,
              Attr.f("alpha", op.options(new Tflite.LeakyReluOptions()).alpha()));
      case Tflite.CAST -> unary("Cast", in[0], out, Attr.i("to", onnxType(out)));
      case Tflite.AVERAGE_POOL_2D -> pool("AveragePool", op, in[0], out);
      case Tflite.MAX_POOL_2D -> pool("MaxPool", op, in[0], out);
      case Tflite.RESHAPE -> reshape(op, in, out);
      case Tflite.FULLY_CONNECTED -> fullyConnected(op, in, out);
      case Tflite.CONCATENATION -> concat(op, in, out);
      case Tflite.STRIDED_SLICE -> stridedSlice(op, in, out);
      case Tflite.DEQUANTIZE -> {
        if (!isConst(in[0]) || g.tensor(in[0]).type() != Tflite.FLOAT16)
          throw new IllegalArgumentException("only float16 constants can be dequantized");
        folded.put(out, floats(in[0]));
      }
      default -> throw new IllegalArgumentException("unsupported operator");
    }
  }

  private void conv(Tflite.Operator op, int[] in, int out, boolean depthwise) {
    int[] xs = shape(in[0]), ws = shape(in[1]);
    int padding, sw, sh, dw, dh, act;
    if (depthwise) {
      Tflite.DepthwiseConv2DOptions o = op.options(new Tflite.DepthwiseConv2DOptions());
      padding = o.padding();
      sw = o.strideW();
      sh = o.strideH();
      dw = o.dilationW();
      dh = o.dilationH();
      act = o.activation();
    } else {
      Tflite.Conv2DOptions o = op.options(new Tflite.Conv2DOptions());
      padding = o.padding();
      sw = o.strideW();
      sh = o.strideH();
      dw = o.dilationW();
      dh = o.dilationH();
      act = o.activation();
    }
    int kh = ws[1], kw = ws[2], outC = depthwise ? ws[3] : ws[0];
    // Conv kernels are OHWI, depthwise ones 1HWC (C = in channels * multiplier); ONNX wants OIHW
    // and
    // (C, 1, H, W) with one group per input channel, which keeps TFLite's channel order c *
    // multiplier + m.
    int[] perm = depthwise ? new int[] {3, 0, 1, 2} : NHWC_TO_NCHW;
    String w =
        onnx.floats(
            names[in[1]] + "#oihw", permutedDims(ws, perm), permute(floats(in[1]), ws, perm));
    List<String> inputs = new ArrayList<>(List.of(nchwOf(in[0]), w));
    if (in.length > 2 && in[2] >= 0)
      inputs.add(onnx.floats(names[in[2]], new long[] {outC}, floats(in[2])));
    long[] pads = pads(padding, xs, kh, kw, sh, sw, dh, dw);
    emit(
        "Conv",
        inputs,
        out,
        true,
        act,
        Attr.ints("kernel_shape", kh, kw),
        Attr.ints("strides", sh, sw),
        Attr.ints("dilations", dh, dw),
        Attr.ints("pads", pads),
        Attr.i("group", depthwise ? xs[3] : 1));
  }

  private void pool(String type, Tflite.Operator op, int x, int out) {
    Tflite.Pool2DOptions o = op.options(new Tflite.Pool2DOptions());
    long[] pads =
        pads(o.padding(), shape(x), o.filterH(), o.filterW(), o.strideH(), o.strideW(), 1, 1);
    // AveragePool's default count_include_pad=0 matches TFLite, which averages over the valid
    // pixels only.
    emit(
        type,
        List.of(nchwOf(x)),
        out,
        true,
        o.activation(),
        Attr.ints("kernel_shape", o.filterH(), o.filterW()),
        Attr.ints("strides", o.strideH(), o.strideW()),
        Attr.ints("pads", pads));
  }

  /**
   * TFLite SAME padding puts the odd pixel at the end (ONNX SAME_UPPER); explicit pads say so
   * without relying on auto_pad, whose handling has differed between runtimes.
   */
  private static long[] pads(
      int padding, int[] nhwc, int kh, int kw, int sh, int sw, int dh, int dw) {
    if (padding == Tflite.VALID) return new long[] {0, 0, 0, 0};
    long th = total(nhwc[1], kh, sh, dh), tw = total(nhwc[2], kw, sw, dw);
    return new long[] {th / 2, tw / 2, th - th / 2, tw - tw / 2};
  }

  private static long total(int size, int k, int stride, int dilation) {
    int outSize = (size + stride - 1) / stride;
    return Math.max(0, (outSize - 1) * stride + (k - 1) * dilation + 1 - size);
  }

  /** Elementwise op with NumPy broadcasting; in NCHW when the result is rank 4. */
  private void binary(String type, int[] in, int out, Tflite.ActivationOptions options) {
    boolean four = shape(out).length == 4;
    emit(
        type,
        List.of(operand(in[0], four), operand(in[1], four)),
        out,
        four,
        options == null ? Tflite.ACT_NONE : options.activation());
  }

  /**
   * The written-out form as one PRelu, or for rank-4 values in {@link PreluForm#BATCH_NORM} as
   * {@link #preluAsBatchNorm}; the slope is twice the product of its (scalar or per-channel)
   * factors.
   */
  private void prelu(DecomposedPrelu.Match m, int out, PreluForm form) {
    int[] xs = shape(m.x());
    int channels = xs[xs.length - 1];
    float[] slope = new float[channels];
    Arrays.fill(slope, 2);
    StringBuilder name = new StringBuilder("prelu");
    for (int f : m.factors()) {
      float[] v = floats(f);
      if (v.length != 1 && v.length != channels)
        throw new IllegalArgumentException("PReLU factor " + names[f] + " is not per channel");
      for (int c = 0; c < channels; c++) slope[c] *= v.length == 1 ? v[0] : v[c];
      name.append('#').append(names[f]);
    }
    boolean four = xs.length == 4;
    if (four && form == PreluForm.BATCH_NORM) {
      preluAsBatchNorm(nchwOf(m.x()), slope, name.toString(), out);
      return;
    }
    long[] dims = four ? new long[] {1, channels, 1, 1} : new long[] {channels};
    emit(
        "PRelu",
        List.of(four ? nchwOf(m.x()) : plainOf(m.x()), onnx.floats(name.toString(), dims, slope)),
        out,
        four,
        Tflite.ACT_NONE);
  }

  /**
   * A native PRELU (the face landmark model has 23) with a constant per-channel slope on a rank-4
   * value takes the blocked form too, for the same reason as the written-out ones.
   */
  private void nativePrelu(int[] in, int out) {
    int[] xs = shape(in[0]);
    int channels = xs[xs.length - 1];
    boolean perChannel = isConst(in[1]) && floats(in[1]).length == channels;
    if (xs.length == 4 && perChannel && preluForm == PreluForm.BATCH_NORM) {
      preluAsBatchNorm(nchwOf(in[0]), floats(in[1]), names[in[1]], out);
    } else {
      binary("PRelu", in, out, null);
    }
  }

  /**
   * prelu(x, a) as relu(x) + (-a) * relu(-x), the two per-channel scalings as BatchNormalization
   * (mean 0, variance 1, epsilon 0). ONNX Runtime has no blocked-layout (NCHWc) kernel for PRelu,
   * so it wraps each one in two layout reorders; BatchNormalization becomes a blocked depthwise
   * convolution and Relu and Add stay blocked. The result equals PRelu bit for bit: negation is
   * exact, a * x is one rounding either way, and the other term adds zero.
   */
  private void preluAsBatchNorm(String x, float[] slope, String slopeName, int out) {
    int channels = slope.length;
    long[] dims = {channels};
    float[] minusOne = new float[channels], minusSlope = new float[channels];
    Arrays.fill(minusOne, -1);
    for (int c = 0; c < channels; c++) minusSlope[c] = -slope[c];
    String zeros = onnx.floats("bn#zeros" + channels, dims, new float[channels]);
    float[] unit = new float[channels];
    Arrays.fill(unit, 1);
    String ones = onnx.floats("bn#ones" + channels, dims, unit);
    String name = names[out] + "#nchw";
    onnx.node("Relu", name + "#pos", List.of(x), List.of(name + "#pos"));
    onnx.node(
        "BatchNormalization",
        name + "#neg",
        List.of(x, onnx.floats("bn#minus" + channels, dims, minusOne), zeros, zeros, ones),
        List.of(name + "#neg"),
        Attr.f("epsilon", 0));
    onnx.node("Relu", name + "#negrelu", List.of(name + "#neg"), List.of(name + "#negrelu"));
    onnx.node(
        "BatchNormalization",
        name + "#negpart",
        List.of(
            name + "#negrelu",
            onnx.floats(slopeName + "#neg", dims, minusSlope),
            zeros,
            zeros,
            ones),
        List.of(name + "#negpart"),
        Attr.f("epsilon", 0));
    onnx.node("Add", name, List.of(name + "#pos", name + "#negpart"), List.of(name));
    nchw[out] = name;
  }

  /** Layout-preserving op: follows its input's layout so no transpose is needed. */
  private void unary(String type, int x, int out, Attr... attrs) {
    boolean inNchw = nchw[x] != null;
    emit(type, List.of(inNchw ? nchw[x] : plainOf(x)), out, inNchw, Tflite.ACT_NONE, attrs);
  }

  /**
   * Constant zero padding; TFLite gives [rank, 2] (before, after) pairs, ONNX all befores then all
   * afters.
   */
  private void pad(int[] in, int out) {
    int[] p = ints(in[1]);
    int rank = p.length / 2;
    boolean four = rank == 4;
    long[] pads = new long[2 * rank];
    for (int i = 0; i < rank; i++) {
      int src = four ? NHWC_TO_NCHW[i] : i;
      pads[i] = p[2 * src];
      pads[rank + i] = p[2 * src + 1];
    }
    emit(
        "Pad",
        List.of(four ? nchwOf(in[0]) : plainOf(in[0]), onnx.longs(names[out] + "#pads", pads)),
        out,
        four,
        Tflite.ACT_NONE);
  }

  private void reshape(Tflite.Operator op, int[] in, int out) {
    int[] target =
        in.length > 1 && in[1] >= 0
            ? ints(in[1])
            : op.options(new Tflite.ReshapeOptions()).newShape();
    long[] dims = new long[target.length];
    for (int i = 0; i < dims.length; i++) dims[i] = target[i];
    // The baked batch is copied from the input (0 in ONNX Reshape) so any batch size flows through.
    if (dims.length > 0 && dims[0] == batch && shape(in[0])[0] == batch) dims[0] = 0;
    // Flattening must see TFLite's NHWC element order, so reshape the value in TFLite layout.
    emit(
        "Reshape",
        List.of(plainOf(in[0]), onnx.longs(names[out] + "#shape", dims)),
        out,
        false,
        Tflite.ACT_NONE);
  }

  private void fullyConnected(Tflite.Operator op, int[] in, int out) {
    Tflite.FullyConnectedOptions o = op.options(new Tflite.FullyConnectedOptions());
    int[] ws = shape(in[1]);
    if (o.weightsFormat() != 0 || o.keepNumDims() || !isConst(in[1]))
      throw new IllegalArgumentException("only plain constant weights without keep_num_dims");
    String x = plainOf(in[0]);
    if (shape(in[0]).length != 2) { // TFLite flattens the input to [-1, K] in NHWC order
      x = names[in[0]] + "#flat";
      onnx.node(
          "Reshape", x, List.of(plainOf(in[0]), onnx.longs(x + "#shape", -1, ws[1])), List.of(x));
    }
    List<String> inputs =
        new ArrayList<>(List.of(x, onnx.floats(names[in[1]], toLongs(ws), floats(in[1]))));
    if (in.length > 2 && in[2] >= 0)
      inputs.add(onnx.floats(names[in[2]], new long[] {ws[0]}, floats(in[2])));
    emit("Gemm", inputs, out, false, o.activation(), Attr.i("transB", 1));
  }

  private void concat(Tflite.Operator op, int[] in, int out) {
    Tflite.ConcatenationOptions o = op.options(new Tflite.ConcatenationOptions());
    int rank = shape(out).length, axis = Math.floorMod(o.axis(), rank);
    boolean four = rank == 4;
    List<String> inputs = new ArrayList<>();
    for (int t : in) inputs.add(operand(t, four));
    emit(
        "Concat",
        inputs,
        out,
        four,
        o.activation(),
        Attr.i("axis", four ? NCHW_TO_NHWC[axis] : axis));
  }

  private void stridedSlice(Tflite.Operator op, int[] in, int out) {
    Tflite.StridedSliceOptions o = op.options(new Tflite.StridedSliceOptions());
    if (o.ellipsisMask() != 0 || o.newAxisMask() != 0 || o.offset())
      throw new IllegalArgumentException("ellipsis, new-axis and offset slices are not supported");
    int[] xs = shape(in[0]), begin = ints(in[1]), end = ints(in[2]), strides = ints(in[3]);
    int n = begin.length;
    long[] starts = new long[n], ends = new long[n], axes = new long[n], steps = new long[n];
    List<Long> squeeze = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (strides[i] <= 0) throw new IllegalArgumentException("only positive strides");
      boolean shrink = (o.shrinkAxisMask() >> i & 1) != 0;
      axes[i] = i;
      steps[i] = strides[i];
      starts[i] = (o.beginMask() >> i & 1) != 0 ? 0 : begin[i];
      ends[i] = shrink ? starts[i] + 1 : (o.endMask() >> i & 1) != 0 ? Long.MAX_VALUE : end[i];
      // A slice over the whole baked batch must keep covering the whole batch once it is dynamic.
      if (i == 0 && !shrink && starts[0] == 0 && steps[0] == 1 && ends[0] >= xs[0])
        ends[0] = Long.MAX_VALUE;
      if (shrink) squeeze.add((long) i);
    }
    String p = names[out];
    List<String> inputs =
        List.of(
            plainOf(in[0]),
            onnx.longs(p + "#starts", starts),
            onnx.longs(p + "#ends", ends),
            onnx.longs(p + "#axes", axes),
            onnx.longs(p + "#steps", steps));
    if (squeeze.isEmpty()) {
      emit("Slice", inputs, out, false, Tflite.ACT_NONE);
    } else {
      onnx.node("Slice", p + "#slice", inputs, List.of(p + "#slice"));
      long[] sq = squeeze.stream().mapToLong(Long::longValue).toArray();
      emit(
          "Squeeze",
          List.of(p + "#slice", onnx.longs(p + "#squeeze", sq)),
          out,
          false,
          Tflite.ACT_NONE);
    }
  }

  /**
   * Adds the node computing TFLite tensor {@code out} (in NCHW or TFLite layout), followed by the
   * operator's fused activation if it has one.
   */
  private void emit(
      String type, List<String> inputs, int out, boolean inNchw, int act, Attr... attrs) {
    String name = inNchw ? names[out] + "#nchw" : names[out];
    String raw = act == Tflite.ACT_NONE ? name : name + "#preact";
    onnx.node(type, raw, inputs, List.of(raw), attrs);
    switch (act) {
      case Tflite.ACT_NONE -> {}
      case Tflite.ACT_RELU -> onnx.node("Relu", name, List.of(raw), List.of(name));
      case Tflite.ACT_RELU6 -> clip(raw, name, 0, 6);
      case Tflite.ACT_RELU_N1_TO_1 -> clip(raw, name, -1, 1);
      case Tflite.ACT_TANH -> onnx.node("Tanh", name, List.of(raw), List.of(name));
      default -> throw new IllegalArgumentException("unsupported fused activation " + act);
    }
    if (inNchw) nchw[out] = name;
    else plain[out] = name;
  }

  private void clip(String in, String out, float min, float max) {
    onnx.node(
        "Clip",
        out,
        List.of(
            in,
            onnx.floats("clip#" + min, new long[0], new float[] {min}),
            onnx.floats("clip#" + max, new long[0], new float[] {max})),
        List.of(out));
  }

  /**
   * An input of an elementwise op: activations in the requested layout, constants re-laid out to
   * match.
   */
  private String operand(int t, boolean inNchw) {
    if (!isConst(t)) return inNchw ? nchwOf(t) : plainOf(t);
    int[] s = shape(t);
    if (!inNchw) return onnx.floats(names[t], toLongs(s), floats(t));
    // Broadcasting aligns trailing dimensions, so a per-channel [C] or [1,1,C] constant becomes
    // [1,C,1,1].
    int[] s4 = {1, 1, 1, 1};
    System.arraycopy(s, 0, s4, 4 - s.length, s.length);
    return onnx.floats(
        names[t] + "#nchw", permutedDims(s4, NHWC_TO_NCHW), permute(floats(t), s4, NHWC_TO_NCHW));
  }

  private String nchwOf(int t) {
    if (nchw[t] == null) {
      if (shape(t).length != 4)
        throw new IllegalArgumentException("tensor " + names[t] + " is not rank 4");
      nchw[t] = transpose(plainOf(t), names[t] + "#nchw", NHWC_TO_NCHW);
    }
    return nchw[t];
  }

  private String plainOf(int t) {
    if (plain[t] == null) {
      if (nchw[t] == null)
        throw new IllegalArgumentException("tensor " + names[t] + " has no producer");
      plain[t] = transpose(nchw[t], names[t], NCHW_TO_NHWC);
    }
    return plain[t];
  }

  private String transpose(String in, String out, int[] perm) {
    onnx.node("Transpose", out, List.of(in), List.of(out), Attr.ints("perm", toLongs(perm)));
    return out;
  }

  private int[] shape(int t) {
    return g.tensor(t).shape();
  }

  private boolean isConst(int t) {
    return folded.containsKey(t) || model.bufferData(g.tensor(t).buffer()).hasRemaining();
  }

  private float[] floats(int t) {
    if (folded.containsKey(t)) return folded.get(t);
    Tflite.Tensor tensor = g.tensor(t);
    ByteBuffer b = model.bufferData(tensor.buffer());
    float[] v;
    if (tensor.type() == Tflite.FLOAT32) {
      v = new float[b.remaining() / 4];
      b.asFloatBuffer().get(v);
    } else if (tensor.type() == Tflite.FLOAT16) {
      v = new float[b.remaining() / 2];
      for (int i = 0; i < v.length; i++) v[i] = halfToFloat(b.getShort(b.position() + 2 * i));
    } else {
      throw new IllegalArgumentException(
          "constant " + names[t] + " is not float (type " + tensor.type() + ")");
    }
    if (v.length != count(shape(t)))
      throw new IllegalArgumentException("constant " + names[t] + " size mismatch");
    return v;
  }

  private int[] ints(int t) {
    Tflite.Tensor tensor = g.tensor(t);
    if (tensor.type() != Tflite.INT32 || !isConst(t))
      throw new IllegalArgumentException("expected an int32 constant: " + names[t]);
    ByteBuffer b = model.bufferData(tensor.buffer());
    int[] v = new int[b.remaining() / 4];
    b.asIntBuffer().get(v);
    return v;
  }

  private int onnxType(int t) {
    return switch (g.tensor(t).type()) {
      case Tflite.FLOAT32 -> Onnx.FLOAT;
      case Tflite.INT32 -> Onnx.INT32;
      case Tflite.INT64 -> Onnx.INT64;
      case Tflite.BOOL -> Onnx.BOOL;
      default ->
          throw new IllegalArgumentException("unsupported tensor type " + g.tensor(t).type());
    };
  }

  private static Long[] dynamicBatch(int[] shape) {
    Long[] d = new Long[shape.length];
    for (int i = 1; i < shape.length; i++) d[i] = (long) shape[i];
    return d;
  }

  /** IEEE 754 binary16 to float; Java 17 has no Float.float16ToFloat. */
  static float halfToFloat(short h) {
    int sign = h >> 15 & 1, exp = h >> 10 & 0x1f, mant = h & 0x3ff;
    float v =
        exp == 0
            ? Math.scalb((float) mant, -24)
            : exp == 31
                ? (mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN)
                : Math.scalb((float) (1024 + mant), exp - 25);
    return sign == 0 ? v : -v;
  }

  /** Row-major transpose: result dimension i is source dimension perm[i]. */
  static float[] permute(float[] src, int[] dims, int[] perm) {
    int n = dims.length;
    int[] srcStride = new int[n], outDims = new int[n];
    for (int i = n - 1, s = 1; i >= 0; s *= dims[i], i--) srcStride[i] = s;
    for (int i = 0; i < n; i++) outDims[i] = dims[perm[i]];
    float[] out = new float[src.length];
    int[] idx = new int[n];
    for (int o = 0; o < out.length; o++) {
      int s = 0;
      for (int i = 0; i < n; i++) s += idx[i] * srcStride[perm[i]];
      out[o] = src[s];
      for (int i = n - 1; i >= 0 && ++idx[i] == outDims[i]; i--) idx[i] = 0;
    }
    return out;
  }

  private static long[] permutedDims(int[] dims, int[] perm) {
    long[] d = new long[dims.length];
    for (int i = 0; i < d.length; i++) d[i] = dims[perm[i]];
    return d;
  }

  private static long[] toLongs(int[] v) {
    long[] r = new long[v.length];
    for (int i = 0; i < v.length; i++) r[i] = v[i];
    return r;
  }

  private static int count(int[] shape) {
    int n = 1;
    for (int d : shape) n *= d;
    return n;
  }
}
