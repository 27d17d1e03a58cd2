package io.facegate.service;

import io.facegate.index.Candidate;
import io.facegate.index.DotProduct;
import io.facegate.index.FaceIndex;
import io.facegate.index.IndexedEmbedding;
import io.facegate.store.Enrollment;
import io.facegate.store.PeopleStore;
import io.facegate.store.Person;
import io.facegate.store.PersonPage;
import io.facegate.store.StorageUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Enrollment, verification, identification and deletion. Inference runs on the dedicated worker
 * pool; the store is written first and the in-memory index second, so what the index holds was
 * always acknowledged by SQLite.
 */
public final class FaceService {
  public static final int MAX_TOP_K = 100;

  private final FaceReader reader;
  private final WorkerExecutor inference;
  private final PeopleStore store;
  private final FaceIndex index;
  private final Thresholds thresholds;
  private final IdThresholdSource idThresholds;
  private final Lockout lockout;

  public FaceService(
      FaceReader reader,
      WorkerExecutor inference,
      PeopleStore store,
      FaceIndex index,
      Thresholds thresholds,
      IdThresholdSource idThresholds,
      Lockout lockout) {
    this.reader = reader;
    this.inference = inference;
    this.store = store;
    this.index = index;
    this.thresholds = thresholds;
    this.idThresholds = idThresholds;
    this.lockout = lockout;
  }

  /** The identification threshold in force now. */
  public IdThreshold idThreshold() {
    return idThresholds.current();
  }

  private void galleryChanged() {
    idThresholds.galleryChanged();
  }

  public Future<Registration> register(String username, String displayName, List<byte[]> photos) {
    Usernames.require(username);
    if (photos.isEmpty()) {
      return Future.failedFuture(
          new FacegateException(ErrorCode.BAD_REQUEST, "at least one image is required"));
    }
    return inference
        .executeBlocking(() -> readEnrollmentPhotos(photos), false)
        .compose(
            readings -> {
              List<float[]> vectors = new ArrayList<>();
              List<byte[]> crops = new ArrayList<>();
              List<Registration.Rejection> rejected = new ArrayList<>();
              for (int i = 0; i < readings.size(); i++) {
                Object outcome = readings.get(i);
                if (outcome instanceof FacegateException e) {
                  rejected.add(new Registration.Rejection(i, e));
                } else {
                  FaceReading reading = (FaceReading) outcome;
                  vectors.add(reading.embedding());
                  reading
                      .crop()
                      .ifPresent(
                          crops::add); // every reading has one when the crop store is on, none
                  // otherwise
                }
              }
              if (vectors.isEmpty()) {
                // Nothing usable: answer with the first photo's reason (all of them are listed
                // too).
                FacegateException first = rejected.get(0).reason();
                return Future.failedFuture(
                    new FacegateException(
                        first.code(),
                        first.getMessage(),
                        first.details().copy().put("rejected", Registration.toJson(rejected))));
              }
              return store
                  .enroll(username, displayName, vectors, crops, reader.modelId())
                  .map(
                      enrollment -> {
                        addToIndex(enrollment, vectors);
                        galleryChanged();
                        return new Registration(
                            username, vectors.size(), enrollment.totalEmbeddings(), rejected);
                      })
                  .recover(
                      e ->
                          Future.failedFuture(
                              e instanceof StorageUnavailableException
                                  ? new FacegateException(
                                      ErrorCode.INSUFFICIENT_STORAGE,
                                      "the server cannot store enrollments right now ("
                                          + e.getMessage()
                                          + "); nothing of this request was stored, verification keeps working")
                                  : e));
            });
  }

  private List<Object> readEnrollmentPhotos(List<byte[]> photos) {
    List<Object> outcomes = new ArrayList<>(photos.size());
    for (byte[] photo : photos) {
      try {
        outcomes.add(reader.forEnrollment(photo));
      } catch (FacegateException e) {
        outcomes.add(e);
      }
    }
    return outcomes;
  }

  private void addToIndex(Enrollment enrollment, List<float[]> vectors) {
    List<IndexedEmbedding> entries = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      entries.add(
          new IndexedEmbedding(
              enrollment.embeddingIds().get(i), enrollment.username(), vectors.get(i)));
    }
    // With the change sequence the transaction committed, so the index knows which state it
    // reflects (snapshots).
    index.addAll(entries, enrollment.seq(), vectors.size());
  }

  /**
   * 1:1, within the lockout: a username locked after repeated failures is refused (LOCKED, with
   * when to retry) before its photo is read, and every verdict counts for or against it.
   */
  public Future<AuthDecision> authenticate(String username, byte[] photo) {
    Usernames.require(username);
    long wait = lockout.begin(username);
    if (wait > 0) {
      return Future.failedFuture(
          new FacegateException(
              ErrorCode.LOCKED,
              "too many failed verifications for '" + username + "'; retry in " + wait + " s",
              new JsonObject().put(FacegateException.RETRY_AFTER, wait)));
    }
    // Future.future: even a synchronous throw ends the attempt, or it would count against the limit
    // for ever.
    return Future.<AuthDecision>future(p -> judge(username, photo).onComplete(p))
        .andThen(
            result ->
                lockout.finish(username, result.succeeded() ? result.result().match() : null));
  }

  private Future<AuthDecision> judge(String username, byte[] photo) {
    if (!index.contains(username)) {
      return Future.failedFuture(userNotFound(username));
    }
    return inference
        .executeBlocking(() -> reader.forProbe(photo), false)
        .compose(
            probe -> {
              OptionalDouble score = index.scorePerson(username, probe.embedding());
              if (score.isEmpty()) {
                return Future.failedFuture(
                    userNotFound(username)); // deleted while the photo was read
              }
              double s = score.getAsDouble();
              Liveness liveness = thresholds.liveness(probe);
              boolean match = s >= thresholds.auth() && !liveness.vetoes();
              return Future.succeededFuture(
                  new AuthDecision(username, match, s, thresholds.auth(), liveness, probe));
            });
  }

  public Future<Identification> identify(byte[] photo, int topK) {
    if (topK < 1 || topK > MAX_TOP_K) {
      return Future.failedFuture(
          new FacegateException(ErrorCode.BAD_REQUEST, "top_k must be between 1 and " + MAX_TOP_K));
    }
    return inference.executeBlocking(
        () -> hideLocked(decideIdentity(reader.forProbe(photo), topK)), false);
  }

  /**
   * Open-set rule: the best person must reach the threshold and lead the runner-up by the margin;
   * otherwise the answer is "unknown", never the nearest neighbour by default.
   */
  private Identification decideIdentity(FaceReading probe, int topK) {
    IdThreshold threshold = idThreshold();
    List<Candidate> ranked = index.identify(probe.embedding(), Math.max(topK, 2));
    List<Candidate> shown = ranked.subList(0, Math.min(topK, ranked.size()));
    if (ranked.isEmpty()) {
      return new Identification(
          false,
          null,
          0,
          threshold,
          thresholds.idMargin(),
          null,
          shown,
          thresholds.liveness(probe),
          probe);
    }
    Candidate best = ranked.get(0);
    Double lead = ranked.size() > 1 ? best.score() - ranked.get(1).score() : null;
    Liveness liveness = thresholds.liveness(probe);
    boolean match =
        best.score() >= threshold.value()
            && (lead == null || lead >= thresholds.idMargin())
            && !liveness.vetoes();
    return new Identification(
        match,
        match ? best.username() : null,
        best.score(),
        threshold,
        thresholds.idMargin(),
        lead,
        shown,
        liveness,
        probe);
  }

  /**
   * A locked person is never named, matched or scored in 1:N either: otherwise id mode would be an
   * unlimited oracle for the very face the lockout protects. If they were the best match, nobody
   * matches.
   */
  private Identification hideLocked(Identification decided) {
    List<Candidate> ranked = decided.candidates();
    List<Candidate> shown =
        ranked.stream().filter(c -> lockout.lockedForSeconds(c.username()) == 0).toList();
    boolean bestHidden = !ranked.isEmpty() && (shown.isEmpty() || shown.get(0) != ranked.get(0));
    if (!bestHidden) {
      return new Identification(
          decided.match(),
          decided.username(),
          decided.score(),
          decided.idThreshold(),
          decided.margin(),
          decided.lead(),
          shown,
          decided.liveness(),
          decided.probe());
    }
    return new Identification(
        false,
        null,
        shown.isEmpty() ? 0 : shown.get(0).score(),
        decided.idThreshold(),
        decided.margin(),
        null,
        shown,
        decided.liveness(),
        decided.probe());
  }

  /** Clears a username's failed attempts and lock (an administrator's decision). */
  public void clearLockout(String username) {
    lockout.clear(Usernames.require(username));
  }

  /** Two photos, largest usable face of each, judged against the 1:1 threshold. */
  public Future<Comparison> compare(byte[] first, byte[] second) {
    return inference.executeBlocking(
        () -> {
          FaceReading a = probeNumbered(first, 1);
          FaceReading b = probeNumbered(second, 2);
          double score = DotProduct.dot(a.embedding(), b.embedding());
          return new Comparison(score, score >= thresholds.auth(), thresholds.auth(), a, b);
        },
        false);
  }

  /** Names the photo in the error, so a client knows which of the two to retake. */
  private FaceReading probeNumbered(byte[] photo, int number) {
    try {
      return reader.forProbe(photo);
    } catch (FacegateException e) {
      throw new FacegateException(
          e.code(),
          "image " + number + ": " + e.getMessage(),
          e.details().copy().put("image", number));
    }
  }

  public Future<List<FaceReader.SurveyedFace>> detect(byte[] photo) {
    return inference.executeBlocking(() -> reader.survey(photo), false);
  }

  public Future<Person> person(String username) {
    Usernames.require(username);
    return store
        .find(username)
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(userNotFound(username))));
  }

  public Future<PersonPage> people(int limit, String cursor) {
    return store
        .list(limit, cursor)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof IllegalArgumentException
                        ? new FacegateException(
                            ErrorCode.BAD_REQUEST, "the cursor is not one this server handed out")
                        : e));
  }

  /** Gone from SQLite and from memory before the returned future completes. */
  public Future<Void> delete(String username) {
    Usernames.require(username);
    return store
        .delete(username)
        .compose(
            removed -> {
              if (removed.isEmpty()) {
                return Future.failedFuture(userNotFound(username));
              }
              index.removePerson(
                  username, removed.get().seq(), removed.get().embeddingIds().size());
              galleryChanged();
              return Future.succeededFuture();
            });
  }

  /**
   * Index against SQLite. The index is read first: a registration committing in between then shows
   * as missing from the index for this one answer, never the reverse; a delete in flight can show
   * as missing from the store. Repeat the call before acting on a difference.
   */
  public Future<Consistency> consistency() {
    long[] indexed = index.embeddingIds();
    return store.embeddingIds(reader.modelId()).map(stored -> Consistency.compare(stored, indexed));
  }

  /** Embeddings in the in-memory index (a gauge). */
  public int indexedEmbeddings() {
    return index.size();
  }

  /** People with at least one embedding in the in-memory index (a gauge). */
  public int indexedPeople() {
    return index.people();
  }

  private static FacegateException userNotFound(String username) {
    return new FacegateException(
        ErrorCode.USER_NOT_FOUND, "no enrolled person is called '" + username + "'");
  }
}
