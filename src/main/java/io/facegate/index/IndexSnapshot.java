package io.facegate.index;

import com.github.jelmerk.knn.hnsw.HnswIndex;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The HNSW graph on disk ({@code data/index.snapshot}), so a boot loads it instead of rebuilding it
 * (minutes at 1M). Layout: a header saying what the graph reflects (embedder id, database lineage,
 * change sequence, dimensions, M, efConstruction), jelmerk's own serialized graph (items written by
 * {@link Embedding.Serializer} as raw floats), then a CRC32C of all of it and an end marker.
 *
 * <p>Written atomically: a temp file beside it, fsynced, renamed over the old one, directory
 * fsynced; a crash leaves the old snapshot or the new one, never half of one. Read in two passes:
 * the checksum over the whole file first (a torn or bit-flipped file is refused before any of it is
 * parsed), then the header (a stale one is refused before the graph is read), then the graph,
 * deserialized with a class loader that resolves only the classes a graph is made of.
 */
public final class IndexSnapshot {
  public static final String FILE_NAME = "index.snapshot";
  private static final long MAGIC = 0x4647_4958_534e_4150L; // "FGIXSNAP"
  private static final long END = 0x4647_4958_454e_4421L; // "FGIXEND!"
  private static final int FORMAT = 1;
  private static final int TRAILER = 16;
  private static final int BUFFER = 1 << 16;

  /** What a snapshot reflects; a boot loads it only when every field equals what it expects. */
  public record Header(
      String embedderId, String lineage, long seq, int dimensions, int m, int efConstruction) {}

  private IndexSnapshot() {}

  static void write(Path file, Header header, HnswIndex<Long, float[], Embedding, Float> graph)
      throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      OutputStream raw = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
      CRC32C crc = new CRC32C();
      DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
      out.writeLong(MAGIC);
      out.writeInt(FORMAT);
      out.writeUTF(header.embedderId());
      out.writeUTF(header.lineage());
      out.writeLong(header.seq());
      out.writeInt(header.dimensions());
      out.writeInt(header.m());
      out.writeInt(header.efConstruction());
      graph.save(new KeepOpen(out)); // jelmerk closes the stream it is given
      out.flush();
      DataOutputStream trailer = new DataOutputStream(raw);
      trailer.writeLong(crc.getValue());
      trailer.writeLong(END);
      trailer.flush();
      channel.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir =
        FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
      dir.force(true); // the rename itself survives a power loss
    } catch (IOException e) {
      // Some file systems cannot sync a directory; the snapshot is only a cache of SQLite anyway.
    }
  }

  /**
   * The graph in {@code file}, if it is intact and its header equals {@code expected}; otherwise
   * {@link Stale} saying why. SQLite stays the source of truth: a refused snapshot only means a
   * rebuild.
   */
  static HnswIndex<Long, float[], Embedding, Float> read(Path file, Header expected)
      throws IOException, Stale {
    if (!Files.isRegularFile(file)) {
      throw new Stale("no snapshot at " + file);
    }
    long size = Files.size(file);
    if (size < TRAILER + 8) {
      throw new Stale("snapshot too short (" + size + " bytes)");
    }
    verifyChecksum(file, size);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
      DataInputStream data = new DataInputStream(in);
      if (data.readLong() != MAGIC || data.readInt() != FORMAT) {
        throw new Stale("not a facegate index snapshot of format " + FORMAT);
      }
      Header found =
          new Header(
              data.readUTF(),
              data.readUTF(),
              data.readLong(),
              data.readInt(),
              data.readInt(),
              data.readInt());
      if (!found.equals(expected)) {
        throw new Stale("snapshot reflects " + found + ", the store is at " + expected);
      }
      try {
        return HnswIndex.load(new KeepOpenIn(data), GraphClasses.LOADER);
      } catch (RuntimeException e) {
        throw new Stale("snapshot graph unreadable: " + e);
      }
    }
  }

  private static void verifyChecksum(Path file, long size) throws IOException, Stale {
    CRC32C crc = new CRC32C();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
      long left = size - TRAILER;
      while (left > 0) {
        buffer.clear().limit((int) Math.min(BUFFER, left));
        int n = channel.read(buffer);
        if (n < 0) {
          throw new Stale("snapshot ends early");
        }
        buffer.flip();
        crc.update(buffer);
        left -= n;
      }
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER);
      while (trailer.hasRemaining() && channel.read(trailer) >= 0) {
        // read the 16 trailer bytes
      }
      trailer.flip();
      if (trailer.remaining() != TRAILER || trailer.getLong(8) != END) {
        throw new Stale("snapshot has no end marker (torn write?)");
      }
      if (trailer.getLong(0) != crc.getValue()) {
        throw new Stale("snapshot checksum mismatch (damaged file)");
      }
    }
  }

  /** Why a snapshot was not used. */
  public static final class Stale extends Exception {
    Stale(String reason) {
      super(reason);
    }
  }

  /**
   * Resolves only the classes a jelmerk graph with our items is made of, so a snapshot file crafted
   * by someone who can write the data dir cannot make deserialization instantiate other classes
   * (gadget chains). Array and primitive types are resolved by the JVM from their element.
   */
  private static final class GraphClasses extends ClassLoader {
    static final GraphClasses LOADER = new GraphClasses();
    private static final List<String> ALLOWED =
        List.of(
            "com.github.jelmerk.knn.",
            "org.eclipse.collections.",
            "io.facegate.index.Embedding",
            "io.facegate.index.InnerProductDistance",
            "java.lang.Integer",
            "java.lang.Long",
            "java.lang.Float",
            "java.lang.Number",
            "java.lang.Enum",
            "java.lang.String",
            "java.util.concurrent.atomic.AtomicReferenceArray",
            "java.util.concurrent.ConcurrentHashMap",
            "java.util.concurrent.locks.",
            "java.util.Comparators",
            "java.util.Collections$ReverseComparator",
            "java.util.HashMap",
            "java.lang.Object");

    private GraphClasses() {
      super(IndexSnapshot.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      for (String allowed : ALLOWED) {
        if (name.startsWith(allowed)) {
          return super.loadClass(name, resolve);
        }
      }
      throw new ClassNotFoundException(name + " is not part of an index snapshot");
    }
  }

  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }

  private static final class KeepOpenIn extends FilterInputStream {
    KeepOpenIn(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the caller closes the file
    }
  }
}
