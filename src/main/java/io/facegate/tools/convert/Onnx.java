package io.facegate.tools.convert;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an ONNX graph and writes it as an ONNX ModelProto (onnx/onnx.proto, proto2), encoded field
 * by field with CodedOutputStream so no generated ONNX classes are needed. Output is a pure
 * function of what was added, in insertion order, so the same graph always gives the same bytes.
 */
final class Onnx {
  static final int IR_VERSION = 8, OPSET = 13;

  /** TensorProto.DataType values. */
  static final int FLOAT = 1, INT32 = 6, INT64 = 7, BOOL = 9;

  private record Node(
      String op, String name, List<String> in, List<String> out, List<Attr> attrs) {}

  /**
   * One attribute; exactly one of the payload fields is meaningful, selected by type
   * (AttributeProto.AttributeType).
   */
  record Attr(String name, int type, long i, float f, long[] ints) {
    static Attr i(String name, long v) {
      return new Attr(name, 2, v, 0, null);
    }

    static Attr f(String name, float v) {
      return new Attr(name, 1, 0, v, null);
    }

    static Attr ints(String name, long... v) {
      return new Attr(name, 7, 0, 0, v);
    }
  }

  private record Init(String name, int type, long[] dims, byte[] raw) {}

  /** A graph input or output; a null entry in dims is the dynamic batch dimension. */
  private record Io(String name, int type, Long[] dims) {}

  private final String graphName;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, Init> inits = new LinkedHashMap<>();
  private final List<Io> inputs = new ArrayList<>(), outputs = new ArrayList<>();

  Onnx(String graphName) {
    this.graphName = graphName;
  }

  void node(String op, String name, List<String> in, List<String> out, Attr... attrs) {
    nodes.add(new Node(op, name, in, out, List.of(attrs)));
  }

  /**
   * Adds a constant once; later calls with the same name reuse it, so callers may ask for it
   * freely.
   */
  String floats(String name, long[] dims, float[] v) {
    if (!inits.containsKey(name)) {
      ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(v);
      inits.put(name, new Init(name, FLOAT, dims, b.array()));
    }
    return name;
  }

  String longs(String name, long... v) {
    if (!inits.containsKey(name)) {
      ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asLongBuffer().put(v);
      inits.put(name, new Init(name, INT64, new long[] {v.length}, b.array()));
    }
    return name;
  }

  void input(String name, int type, Long... dims) {
    inputs.add(new Io(name, type, dims));
  }

  void output(String name, int type, Long... dims) {
    outputs.add(new Io(name, type, dims));
  }

  /** Histogram of node types, for reports and tests. */
  Map<String, Integer> opCounts() {
    Map<String, Integer> m = new java.util.TreeMap<>();
    for (Node n : nodes) m.merge(n.op, 1, Integer::sum);
    return m;
  }

  byte[] toBytes(String producer) {
    return message(
        o -> {
          o.writeInt64(1, IR_VERSION);
          o.writeString(2, producer);
          o.writeByteArray(7, message(this::writeGraph));
          o.writeByteArray(
              8,
              message(
                  s -> {
                    s.writeString(1, ""); // the default ai.onnx domain
                    s.writeInt64(2, OPSET);
                  }));
        });
  }

  private void writeGraph(CodedOutputStream o) throws IOException {
    for (Node n : nodes) o.writeByteArray(1, message(p -> writeNode(p, n)));
    o.writeString(2, graphName);
    for (Init t : inits.values()) {
      o.writeByteArray(
          5,
          message(
              p -> {
                for (long d : t.dims) p.writeInt64(1, d);
                p.writeInt32(2, t.type);
                p.writeString(8, t.name);
                p.writeByteArray(9, t.raw);
              }));
    }
    for (Io io : inputs) o.writeByteArray(11, message(p -> writeValueInfo(p, io)));
    for (Io io : outputs) o.writeByteArray(12, message(p -> writeValueInfo(p, io)));
  }

  private static void writeNode(CodedOutputStream o, Node n) throws IOException {
    for (String s : n.in) o.writeString(1, s);
    for (String s : n.out) o.writeString(2, s);
    o.writeString(3, n.name);
    o.writeString(4, n.op);
    for (Attr a : n.attrs) {
      o.writeByteArray(
          5,
          message(
              p -> {
                p.writeString(1, a.name);
                switch (a.type) {
                  case 1 -> p.writeFloat(2, a.f);
                  case 2 -> p.writeInt64(3, a.i);
                  case 7 -> {
                    for (long v : a.ints) p.writeInt64(8, v);
                  }
                  default -> throw new IllegalStateException("attribute type " + a.type);
                }
                p.writeInt32(20, a.type);
              }));
    }
  }

  private static void writeValueInfo(CodedOutputStream o, Io io) throws IOException {
    o.writeString(1, io.name);
    o.writeByteArray(
        2,
        message(
            type ->
                type.writeByteArray(
                    1,
                    message(
                        tensor -> {
                          tensor.writeInt32(1, io.type);
                          tensor.writeByteArray(
                              2,
                              message(
                                  shape -> {
                                    for (Long d : io.dims) {
                                      shape.writeByteArray(
                                          1,
                                          message(
                                              dim -> {
                                                if (d == null) dim.writeString(2, "N");
                                                else dim.writeInt64(1, d);
                                              }));
                                    }
                                  }));
                        }))));
  }

  private interface Writer {
    void write(CodedOutputStream o) throws IOException;
  }

  /** Nested messages are length-delimited, so each is encoded on its own first. */
  private static byte[] message(Writer w) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream o = CodedOutputStream.newInstance(bytes);
      w.write(o);
      o.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
