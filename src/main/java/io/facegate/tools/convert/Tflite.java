package io.facegate.tools.convert;

import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Read-only accessors over the TFLite FlatBuffer schema (tensorflow/lite/schema/schema.fbs),
 * written by hand instead of generated so the build needs no flatc. Only the tables and fields the
 * converter uses are here; field numbers follow the schema's declaration order (a union takes two:
 * its type byte, then the table).
 */
final class Tflite {
  private Tflite() {}

  /** TensorType values used here. */
  static final int FLOAT32 = 0, FLOAT16 = 1, INT32 = 2, INT64 = 4, BOOL = 6;

  /** BuiltinOperator codes the converter handles. */
  static final int ADD = 0,
      AVERAGE_POOL_2D = 1,
      CONCATENATION = 2,
      CONV_2D = 3,
      DEPTHWISE_CONV_2D = 4,
      DEQUANTIZE = 6,
      FULLY_CONNECTED = 9,
      LOGISTIC = 14,
      MAX_POOL_2D = 17,
      MUL = 18,
      RELU = 19,
      RESHAPE = 22,
      TANH = 28,
      PAD = 34,
      SUB = 41,
      STRIDED_SLICE = 45,
      CAST = 53,
      PRELU = 54,
      LESS = 58,
      GREATER_EQUAL = 62,
      LEAKY_RELU = 98,
      ABS = 101;

  /** Padding enum. */
  static final int SAME = 0, VALID = 1;

  /** ActivationFunctionType values. */
  static final int ACT_NONE = 0, ACT_RELU = 1, ACT_RELU_N1_TO_1 = 2, ACT_RELU6 = 3, ACT_TANH = 4;

  /**
   * Common base: schema field number to vtable slot, with the schema's defaults for absent fields.
   */
  abstract static class Node extends Table {
    final int slot(int field) {
      return __offset(4 + 2 * field);
    }

    final int i32(int field, int dflt) {
      int o = slot(field);
      return o != 0 ? bb.getInt(bb_pos + o) : dflt;
    }

    final long u64(int field) {
      int o = slot(field);
      return o != 0 ? bb.getLong(bb_pos + o) : 0L;
    }

    final int i8(int field, int dflt) {
      int o = slot(field);
      return o != 0 ? bb.get(bb_pos + o) : dflt;
    }

    final float f32(int field, float dflt) {
      int o = slot(field);
      return o != 0 ? bb.getFloat(bb_pos + o) : dflt;
    }

    final String str(int field) {
      int o = slot(field);
      return o != 0 ? __string(bb_pos + o) : null;
    }

    final int len(int field) {
      int o = slot(field);
      return o != 0 ? __vector_len(o) : 0;
    }

    final int[] ints(int field) {
      int o = slot(field);
      int[] r = new int[o != 0 ? __vector_len(o) : 0];
      for (int j = 0; j < r.length; j++) r[j] = bb.getInt(__vector(o) + 4 * j);
      return r;
    }

    final <T extends Node> T element(int field, int j, T obj) {
      obj.__reset(__indirect(__vector(slot(field)) + 4 * j), bb);
      return obj;
    }

    final <T extends Node> T child(int field, T obj) {
      int o = slot(field);
      if (o == 0) return null;
      obj.__reset(__indirect(bb_pos + o), bb);
      return obj;
    }
  }

  static final class Model extends Node {
    /**
     * The whole file, kept because large models keep buffer bytes outside the FlatBuffer
     * (Buffer.offset).
     */
    private ByteBuffer file;

    static Model read(byte[] bytes) {
      ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      if (bytes.length < 8
          || !"TFL3".equals(new String(bytes, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)))
        throw new IllegalArgumentException("not a TFLite file (no TFL3 identifier)");
      Model m = new Model();
      m.__reset(bb.getInt(0), bb);
      m.file = bb;
      return m;
    }

    int operatorCodesLength() {
      return len(1);
    }

    OperatorCode operatorCode(int j) {
      return element(1, j, new OperatorCode());
    }

    int subgraphsLength() {
      return len(2);
    }

    SubGraph subgraph(int j) {
      return element(2, j, new SubGraph());
    }

    /** Bytes of buffer j (little-endian), empty for tensors that carry no constant data. */
    ByteBuffer bufferData(int j) {
      Buffer b = element(4, j, new Buffer());
      long offset = b.offset();
      if (offset > 1) { // 0 and 1 both mean "no external data" in the schema
        return file.duplicate()
            .position((int) offset)
            .limit((int) (offset + b.size()))
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
      }
      ByteBuffer d = b.data();
      return d == null ? ByteBuffer.allocate(0) : d.order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  static final class OperatorCode extends Node {
    /**
     * The builtin code moved from an int8 field (0) to an int32 one (3) when codes passed 127;
     * writers fill both with the smaller value capped at 127 in the old one, so the larger of the
     * two is the real code.
     */
    int builtinCode() {
      return Math.max(i8(0, 0), i32(3, 0));
    }
  }

  static final class SubGraph extends Node {
    int tensorsLength() {
      return len(0);
    }

    Tensor tensor(int j) {
      return element(0, j, new Tensor());
    }

    int[] inputs() {
      return ints(1);
    }

    int[] outputs() {
      return ints(2);
    }

    int operatorsLength() {
      return len(3);
    }

    Operator operator(int j) {
      return element(3, j, new Operator());
    }
  }

  static final class Tensor extends Node {
    int[] shape() {
      return ints(0);
    }

    int type() {
      return i8(1, FLOAT32);
    }

    int buffer() {
      return i32(2, 0);
    }

    String name() {
      return str(3);
    }
  }

  static final class Buffer extends Node {
    ByteBuffer data() {
      return __vector_as_bytebuffer(4, 1);
    }

    long offset() {
      return u64(1);
    }

    long size() {
      return u64(2);
    }
  }

  static final class Operator extends Node {
    int opcodeIndex() {
      return i32(0, 0);
    }

    int[] inputs() {
      return ints(1);
    }

    int[] outputs() {
      return ints(2);
    }

    /**
     * builtin_options (field 4, after its union type byte); the op code tells which table it is.
     */
    <T extends Node> T options(T obj) {
      return child(4, obj);
    }
  }

  static final class Conv2DOptions extends Node {
    int padding() {
      return i8(0, SAME);
    }

    int strideW() {
      return i32(1, 1);
    }

    int strideH() {
      return i32(2, 1);
    }

    int activation() {
      return i8(3, ACT_NONE);
    }

    int dilationW() {
      return i32(4, 1);
    }

    int dilationH() {
      return i32(5, 1);
    }
  }

  static final class DepthwiseConv2DOptions extends Node {
    int padding() {
      return i8(0, SAME);
    }

    int strideW() {
      return i32(1, 1);
    }

    int strideH() {
      return i32(2, 1);
    }

    int depthMultiplier() {
      return i32(3, 1);
    }

    int activation() {
      return i8(4, ACT_NONE);
    }

    int dilationW() {
      return i32(5, 1);
    }

    int dilationH() {
      return i32(6, 1);
    }
  }

  /** AddOptions, SubOptions, MulOptions and DivOptions all start with fused_activation_function. */
  static final class ActivationOptions extends Node {
    int activation() {
      return i8(0, ACT_NONE);
    }
  }

  static final class ReshapeOptions extends Node {
    int[] newShape() {
      return ints(0);
    }
  }

  static final class Pool2DOptions extends Node {
    int padding() {
      return i8(0, SAME);
    }

    int strideW() {
      return i32(1, 1);
    }

    int strideH() {
      return i32(2, 1);
    }

    int filterW() {
      return i32(3, 1);
    }

    int filterH() {
      return i32(4, 1);
    }

    int activation() {
      return i8(5, ACT_NONE);
    }
  }

  static final class ConcatenationOptions extends Node {
    int axis() {
      return i32(0, 0);
    }

    int activation() {
      return i8(1, ACT_NONE);
    }
  }

  static final class FullyConnectedOptions extends Node {
    int activation() {
      return i8(0, ACT_NONE);
    }

    int weightsFormat() {
      return i8(1, 0);
    }

    boolean keepNumDims() {
      return i8(2, 0) != 0;
    }
  }

  static final class LeakyReluOptions extends Node {
    float alpha() {
      return f32(0, 0f);
    }
  }

  static final class StridedSliceOptions extends Node {
    int beginMask() {
      return i32(0, 0);
    }

    int endMask() {
      return i32(1, 0);
    }

    int ellipsisMask() {
      return i32(2, 0);
    }

    int newAxisMask() {
      return i32(3, 0);
    }

    int shrinkAxisMask() {
      return i32(4, 0);
    }

    boolean offset() {
      return i8(5, 0) != 0;
    }
  }
}
