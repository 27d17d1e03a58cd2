package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sealed enrollment crops (opt-in) and the re-embedding they allow. All SQL about crops lives
 * here.
 */
public final class Crops {
  private final Database db;

  public Crops(Database db) {
    this.db = db;
  }

  /** One stored crop, still sealed. */
  public record Stored(long embeddingId, CropVault.Sealed sealed) {}

  /** Inside the enrollment's transaction, so a crop exists exactly when its embedding does. */
  static Future<Void> insert(SqlConnection conn, long embeddingId, CropVault.Sealed sealed) {
    return conn.preparedQuery("INSERT INTO crops(embedding_id, nonce, ciphertext) VALUES (?, ?, ?)")
        .execute(Tuple.of(embeddingId, sealed.nonce(), sealed.ciphertext()))
        .mapEmpty();
  }

  public Future<List<Stored>> all() {
    return db.reader()
        .query("SELECT embedding_id, nonce, ciphertext FROM crops ORDER BY embedding_id")
        .collecting(
            Collectors.mapping(
                (Row row) ->
                    new Stored(
                        row.getLong(0),
                        new CropVault.Sealed(
                            row.getBuffer(1).getBytes(), row.getBuffer(2).getBytes())),
                Collectors.toList()))
        .execute()
        .map(result -> result.value());
  }

  /**
   * Replaces the vectors of the given embeddings and stamps them with {@code modelId}, in one
   * transaction: a failure leaves every embedding as it was, never a mix of two models.
   */
  public Future<Integer> replaceVectors(Map<Long, float[]> vectors, String modelId) {
    return db.inTransaction(
        conn -> {
          Future<Integer> chain = Future.succeededFuture(0);
          for (Map.Entry<Long, float[]> e : vectors.entrySet()) {
            Tuple row =
                Tuple.of(
                    modelId, e.getValue().length, EmbeddingCodec.encode(e.getValue()), e.getKey());
            chain =
                chain.compose(
                    n ->
                        conn.preparedQuery(
                                "UPDATE embeddings SET model_id = ?, dim = ?, vector = ? WHERE id = ?")
                            .execute(row)
                            .map(updated -> n + updated.rowCount()));
          }
          return chain;
        });
  }

  /**
   * Usernames holding an embedding of another model than {@code modelId} with no crop to re-embed
   * it from.
   */
  public Future<List<String>> peopleWithoutCrops(String modelId) {
    return db.reader()
        .preparedQuery(
            "SELECT DISTINCT p.username FROM people p JOIN embeddings e ON e.person_id = p.id "
                + "LEFT JOIN crops c ON c.embedding_id = e.id WHERE c.embedding_id IS NULL AND e.model_id <> ? "
                + "ORDER BY p.username")
        .collecting(Collectors.mapping((Row row) -> row.getString(0), Collectors.toList()))
        .execute(Tuple.of(modelId))
        .map(result -> result.value());
  }
}
