package io.facegate.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * How the in-memory index compares with SQLite: embedding counts and the ids on one side only. Only
 * a few differing ids are listed, so a badly diverged index does not produce a huge answer.
 */
public record Consistency(
    int storeEmbeddings,
    int indexEmbeddings,
    int missingFromIndex,
    int missingFromStore,
    List<Long> examples) {
  private static final int MAX_EXAMPLES = 20;

  /**
   * Both arrays ascending, as {@code PeopleStore.embeddingIds} and {@code FaceIndex.embeddingIds}
   * give them.
   */
  public static Consistency compare(long[] store, long[] index) {
    int s = 0;
    int i = 0;
    int onlyStore = 0;
    int onlyIndex = 0;
    List<Long> examples = new ArrayList<>();
    while (s < store.length || i < index.length) {
      if (i == index.length || (s < store.length && store[s] < index[i])) {
        onlyStore++;
        note(examples, store[s++]);
      } else if (s == store.length || index[i] < store[s]) {
        onlyIndex++;
        note(examples, index[i++]);
      } else {
        s++;
        i++;
      }
    }
    return new Consistency(store.length, index.length, onlyStore, onlyIndex, List.copyOf(examples));
  }

  private static void note(List<Long> examples, long id) {
    if (examples.size() < MAX_EXAMPLES) {
      examples.add(id);
    }
  }

  public boolean consistent() {
    return missingFromIndex == 0 && missingFromStore == 0;
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("consistent", consistent())
        .put("store_embeddings", storeEmbeddings)
        .put("index_embeddings", indexEmbeddings)
        .put("missing_from_index", missingFromIndex)
        .put("missing_from_store", missingFromStore)
        .put("differing_ids", new JsonArray(new ArrayList<>(examples)));
  }

  @Override
  public String toString() {
    return toJson().encode();
  }
}
