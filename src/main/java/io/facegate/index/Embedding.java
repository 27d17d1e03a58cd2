package io.facegate.index;

import com.github.jelmerk.knn.Item;
import com.github.jelmerk.knn.ObjectSerializer;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;

/**
 * One gallery vector as the HNSW graph stores it: keyed by embedding id, with its own copy of the
 * vector. The owner is not kept here: the matrix has it, and a hit whose id it no longer holds is
 * deleted.
 */
record Embedding(Long id, float[] vector) implements Item<Long, float[]> {
  @Override
  public int dimensions() {
    return vector.length;
  }

  /** Ids as 8 raw bytes in the snapshot, not as serialized Long objects. */
  static final class IdSerializer implements ObjectSerializer<Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(Long id, ObjectOutput out) throws IOException {
      out.writeLong(id);
    }

    @Override
    public Long read(ObjectInput in) throws IOException {
      return in.readLong();
    }
  }

  /**
   * An item as its id, its length and its floats: compact, and no class names to resolve on load.
   */
  static final class Serializer implements ObjectSerializer<Embedding> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(Embedding item, ObjectOutput out) throws IOException {
      out.writeLong(item.id());
      float[] v = item.vector();
      out.writeInt(v.length);
      for (float x : v) {
        out.writeFloat(x);
      }
    }

    @Override
    public Embedding read(ObjectInput in) throws IOException {
      long id = in.readLong();
      int n = in.readInt();
      if (n < 1 || n > 4096) {
        throw new IOException("implausible vector length " + n + " in the snapshot");
      }
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = in.readFloat();
      }
      return new Embedding(id, v);
    }
  }
}
