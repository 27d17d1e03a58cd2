package io.facegate.tools.convert;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Finds PReLU written out as elementwise ops, as MobileFaceNet's TFLite file spells it 33 times:
 * {@code relu(x) + c1*c2*...*(x - abs(x))} with constant factors, which equals {@code prelu(x,
 * 2*c1*c2*...)} bit for bit (x - |x| is 2x or 0, and doubling is exact). Converted literally, the
 * five ops cost ONNX Runtime as much as the convolutions (2.7 of 7.4 ms per MobileFaceNet run, plus
 * layout reorders around each): one PRelu node instead halves the embedder's time.
 *
 * <p>A pattern is taken only when every intermediate value feeds nothing else and no op in it has a
 * fused activation; anything else is converted op by op as before.
 */
final class DecomposedPrelu {
  /** A match: the final ADD computes prelu(x, 2 * product of the factor constants). */
  record Match(int x, List<Integer> factors) {}

  private final Tflite.Model model;
  private final Tflite.SubGraph g;
  private final IntPredicate isConst;
  private final Map<Integer, Integer> producer = new HashMap<>();
  private final Map<Integer, Integer> uses = new HashMap<>();
  private final Set<Integer> graphOutputs = new HashSet<>();
  private final Map<Integer, Match> matches = new HashMap<>();
  private final Set<Integer> absorbed = new HashSet<>();

  private DecomposedPrelu(Tflite.Model model, IntPredicate isConst) {
    this.model = model;
    this.g = model.subgraph(0);
    this.isConst = isConst;
    for (int k = 0; k < g.operatorsLength(); k++) {
      Tflite.Operator op = g.operator(k);
      for (int t : op.inputs()) if (t >= 0) uses.merge(t, 1, Integer::sum);
      producer.put(op.outputs()[0], k);
    }
    for (int t : g.outputs()) graphOutputs.add(t);
  }

  /**
   * Matches keyed by the index of their final ADD; {@link #absorbed} lists the other ops they
   * replace.
   */
  static DecomposedPrelu find(Tflite.Model model, IntPredicate isConst) {
    DecomposedPrelu d = new DecomposedPrelu(model, isConst);
    for (int k = 0; k < d.g.operatorsLength(); k++) d.tryMatch(k);
    return d;
  }

  /** No matches: every op converted on its own. */
  static DecomposedPrelu none(Tflite.Model model) {
    return new DecomposedPrelu(model, t -> false);
  }

  Match at(int op) {
    return matches.get(op);
  }

  boolean absorbed(int op) {
    return absorbed.contains(op);
  }

  private void tryMatch(int add) {
    Tflite.Operator op = g.operator(add);
    if (code(op) != Tflite.ADD || hasActivation(op)) return;
    int[] in = op.inputs();
    for (int side = 0; side < 2; side++) {
      List<Integer> ops = new ArrayList<>();
      Integer relu = innerProducer(in[side], Tflite.RELU, ops);
      if (relu == null) continue;
      int x = g.operator(relu).inputs()[0];
      List<Integer> factors = new ArrayList<>();
      if (negativePart(in[1 - side], x, factors, ops) && !factors.isEmpty()) {
        matches.put(add, new Match(x, factors));
        absorbed.addAll(ops);
        return;
      }
      ops.clear();
    }
  }

  /** Whether {@code t} is c * ... * (x - abs(x)); collects the constant factors and the ops. */
  private boolean negativePart(int t, int x, List<Integer> factors, List<Integer> ops) {
    Integer k = innerProducer(t, -1, ops);
    if (k == null) return false;
    Tflite.Operator op = g.operator(k);
    int[] in = op.inputs();
    if (code(op) == Tflite.MUL && !hasActivation(op)) {
      for (int side = 0; side < 2; side++) {
        if (isConst.test(in[side]) && !isConst.test(in[1 - side])) {
          factors.add(in[side]);
          return negativePart(in[1 - side], x, factors, ops);
        }
      }
      return false;
    }
    if (code(op) != Tflite.SUB || hasActivation(op) || in[0] != x) return false;
    Integer abs = innerProducer(in[1], Tflite.ABS, ops);
    return abs != null && g.operator(abs).inputs()[0] == x;
  }

  /**
   * The op producing {@code t} if t is used once, is no graph output and the op has the given code
   * (-1: any).
   */
  private Integer innerProducer(int t, int code, List<Integer> ops) {
    Integer k = producer.get(t);
    if (k == null || uses.getOrDefault(t, 0) != 1 || graphOutputs.contains(t)) return null;
    if (code >= 0 && code(g.operator(k)) != code) return null;
    ops.add(k);
    return k;
  }

  private int code(Tflite.Operator op) {
    return model.operatorCode(op.opcodeIndex()).builtinCode();
  }

  private static boolean hasActivation(Tflite.Operator op) {
    Tflite.ActivationOptions options = op.options(new Tflite.ActivationOptions());
    return options != null && options.activation() != Tflite.ACT_NONE;
  }
}
