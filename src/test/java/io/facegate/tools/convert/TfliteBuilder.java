package io.facegate.tools.convert;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** Writes small TFLite files following schema.fbs, independently of the reader under test. */
final class TfliteBuilder {
  private record T(String name, int[] shape, int type, byte[] data) {}

  private record Op(
      int code, int[] in, int[] out, int optionsType, ToIntFunction<FlatBufferBuilder> options) {}

  private final List<T> tensors = new ArrayList<>();
  private final List<Op> ops = new ArrayList<>();
  private int[] inputs = {}, outputs = {};

  /** An activation (no data). */
  int tensor(String name, int... shape) {
    tensors.add(new T(name, shape, Tflite.FLOAT32, null));
    return tensors.size() - 1;
  }

  int constant(String name, int[] shape, float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    tensors.add(new T(name, shape, Tflite.FLOAT32, b.array()));
    return tensors.size() - 1;
  }

  int intConstant(String name, int... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    tensors.add(new T(name, new int[] {v.length}, Tflite.INT32, b.array()));
    return tensors.size() - 1;
  }

  /**
   * optionsType is the BuiltinOptions union index; options builds the options table and returns its
   * offset.
   */
  void op(
      int code, int[] in, int[] out, int optionsType, ToIntFunction<FlatBufferBuilder> options) {
    ops.add(new Op(code, in, out, optionsType, options));
  }

  void io(int[] inputs, int[] outputs) {
    this.inputs = inputs;
    this.outputs = outputs;
  }

  byte[] build() {
    FlatBufferBuilder b = new FlatBufferBuilder(1024);
    // Buffer 0 is the conventional empty buffer shared by all activations.
    List<Integer> buffers = new ArrayList<>(List.of(table(b, 0)));
    int[] bufferOf = new int[tensors.size()];
    for (int i = 0; i < tensors.size(); i++) {
      if (tensors.get(i).data == null) continue;
      int data = b.createByteVector(tensors.get(i).data);
      b.startTable(1);
      b.addOffset(0, data, 0);
      buffers.add(b.endTable());
      bufferOf[i] = buffers.size() - 1;
    }
    int[] tensorOffsets = new int[tensors.size()];
    for (int i = 0; i < tensors.size(); i++) {
      T t = tensors.get(i);
      int shape = ints(b, t.shape), name = b.createString(t.name);
      b.startTable(4);
      b.addOffset(0, shape, 0);
      b.addByte(1, (byte) t.type, 0);
      b.addInt(2, bufferOf[i], 0);
      b.addOffset(3, name, 0);
      tensorOffsets[i] = b.endTable();
    }
    List<Integer> codes = new ArrayList<>();
    int[] opOffsets = new int[ops.size()];
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      if (!codes.contains(op.code)) codes.add(op.code);
      int in = ints(b, op.in), out = ints(b, op.out);
      int options = op.options == null ? 0 : op.options.applyAsInt(b);
      b.startTable(5);
      b.addInt(0, codes.indexOf(op.code), 0);
      b.addOffset(1, in, 0);
      b.addOffset(2, out, 0);
      b.addByte(3, (byte) op.optionsType, 0);
      b.addOffset(4, options, 0);
      opOffsets[i] = b.endTable();
    }
    int[] codeOffsets = new int[codes.size()];
    for (int i = 0; i < codes.size(); i++) {
      int code = codes.get(i);
      b.startTable(4);
      b.addByte(
          0, (byte) Math.min(code, 127), 0); // deprecated_builtin_code, capped as real writers do
      b.addInt(2, 1, 1);
      b.addInt(3, code, 0);
      codeOffsets[i] = b.endTable();
    }
    int subgraph;
    {
      int t = offsets(b, tensorOffsets),
          in = ints(b, inputs),
          out = ints(b, outputs),
          o = offsets(b, opOffsets);
      b.startTable(4);
      b.addOffset(0, t, 0);
      b.addOffset(1, in, 0);
      b.addOffset(2, out, 0);
      b.addOffset(3, o, 0);
      subgraph = b.endTable();
    }
    int codesVec = offsets(b, codeOffsets), subgraphs = offsets(b, new int[] {subgraph});
    int buffersVec = offsets(b, buffers.stream().mapToInt(Integer::intValue).toArray());
    b.startTable(5);
    b.addInt(0, 3, 0);
    b.addOffset(1, codesVec, 0);
    b.addOffset(2, subgraphs, 0);
    b.addOffset(4, buffersVec, 0);
    b.finish(b.endTable(), "TFL3");
    return b.sizedByteArray();
  }

  /**
   * An options table whose fields are all ints or bytes, given as (field, value, isByte) triples.
   */
  static ToIntFunction<FlatBufferBuilder> options(int... fieldValueIsByte) {
    return b -> {
      b.startTable(8);
      for (int i = 0; i < fieldValueIsByte.length; i += 3) {
        if (fieldValueIsByte[i + 2] != 0)
          b.addByte(fieldValueIsByte[i], (byte) fieldValueIsByte[i + 1], -1);
        else b.addInt(fieldValueIsByte[i], fieldValueIsByte[i + 1], Integer.MIN_VALUE);
      }
      return b.endTable();
    };
  }

  private static int table(FlatBufferBuilder b, int fields) {
    b.startTable(fields);
    return b.endTable();
  }

  private static int ints(FlatBufferBuilder b, int[] v) {
    b.startVector(4, v.length, 4);
    for (int i = v.length - 1; i >= 0; i--) b.addInt(v[i]);
    return b.endVector();
  }

  private static int offsets(FlatBufferBuilder b, int[] v) {
    b.startVector(4, v.length, 4);
    for (int i = v.length - 1; i >= 0; i--) b.addOffset(v[i]);
    return b.endVector();
  }
}
