package io.facegate.service;

import io.facegate.index.Candidate;
import io.facegate.index.DotProduct;
import io.facegate.index.FaceIndex;
import io.facegate.liveness.Challenge;
import io.facegate.store.PeopleStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Enrollment, verification and identification ({@link PeopleDirectory} manages the enrolled
 * people). Inference runs on the dedicated worker pool; writes go where the server's fleet role
 * sends them ({@link GalleryWrites}) and complete once the in-memory index reflects them; reads are
 * always answered from this instance's index and store.
 */
public final class FaceService {
  public static final int MAX_TOP_K = 100;

  private final FaceReader reader;
  private final InferencePool inference;
  private final PeopleStore store;
  private final FaceIndex index;
  private final Thresholds thresholds;
  private final IdThresholdSource idThresholds;
  private final Lockout lockout;
  private final GalleryWrites writes;
  private final DuplicateFaces duplicates;
  private final Doors doors;
  private final LivenessCheck liveness;
  private final PeopleDirectory directory;

  /** A standalone box: writes go to this SQLite and index ({@link LocalGallery}). */
  public FaceService(
      FaceReader reader,
      InferencePool inference,
      PeopleStore store,
      FaceIndex index,
      Thresholds thresholds,
      IdThresholdSource idThresholds,
      Lockout lockout,
      Doors doors,
      LivenessCheck liveness) {
    this(
        reader,
        inference,
        store,
        index,
        thresholds,
        idThresholds,
        lockout,
        doors,
        liveness,
        new LocalGallery(store, index, idThresholds));
  }

  /** With the writes of a fleet role (see {@link GalleryWrites}). */
  public FaceService(
      FaceReader reader,
      InferencePool inference,
      PeopleStore store,
      FaceIndex index,
      Thresholds thresholds,
      IdThresholdSource idThresholds,
      Lockout lockout,
      Doors doors,
      LivenessCheck liveness,
      GalleryWrites writes) {
    this.writes = writes;
    this.reader = reader;
    this.inference = inference;
    this.store = store;
    this.index = index;
    this.thresholds = thresholds;
    this.idThresholds = idThresholds;
    this.lockout = lockout;
    this.duplicates = new DuplicateFaces(index, thresholds.duplicateFace());
    this.doors = doors;
    this.liveness = liveness;
    this.directory = new PeopleDirectory(store, writes);
  }

  /** Reading and managing the enrolled people. */
  public PeopleDirectory directory() {
    return directory;
  }

  /** A new single-use liveness challenge. */
  public Challenge challenge() {
    return liveness.issue();
  }

  /** How long a challenge from {@link #challenge} may be answered. */
  public Duration challengeLifetime() {
    return liveness.challengeLifetime();
  }

  /** The identification threshold in force now. */
  public IdThreshold idThreshold() {
    return idThresholds.current();
  }

  /** Photo requests refused with TIMED_OUT since start (exported as a counter). */
  public long timedOut() {
    return inference.timedOutCount();
  }

  /**
   * Adds the photos' faces to {@code username} (created if absent), with the display name and
   * metadata when not null. Unless {@code allowDuplicate}, a face that already belongs to someone
   * else is refused (see {@link DuplicateFaces}) and nothing is stored. {@code live}: frames of the
   * person (empty: none), judged for liveness; their best frame is enrolled too. With liveness
   * enforced, an enrollment without frames or with frames that fail is refused (SPOOF_SUSPECTED).
   */
  public Future<Registration> register(
      String username,
      String displayName,
      JsonObject metadata,
      boolean allowDuplicate,
      List<byte[]> photos,
      Optional<Capture> live) {
    Usernames.require(username);
    if (photos.isEmpty() && live.isEmpty()) {
      return Future.failedFuture(
          new FacegateException(ErrorCode.BAD_REQUEST, "at least one image is required"));
    }
    Optional<Challenge> challenge;
    try {
      if (live.isEmpty() && liveness.setting() == LivenessMode.ENFORCE) {
        throw spoofSuspected(
            "liveness is enforced: enroll from frames (ideally answering a challenge)", null);
      }
      challenge = live.flatMap(liveness::claim);
    } catch (FacegateException e) {
      return Future.failedFuture(e);
    }
    return inference
        .run(
            () -> {
              Optional<LivenessCheck.Judged> judged =
                  live.map(capture -> judgeEnrollment(capture, challenge));
              List<byte[]> all = new ArrayList<>(photos);
              judged.ifPresent(j -> all.add(j.probePhoto()));
              List<Object> readings = readEnrollmentPhotos(all);
              if (judged.isPresent() && liveness.setting() == LivenessMode.ENFORCE) {
                bindToLiveFace(readings, photos.size());
              }
              if (!allowDuplicate) {
                duplicates.refuse(username, readings);
              }
              return new Enrolling(readings, judged.map(LivenessCheck.Judged::liveness));
            })
        .compose(
            enrolling -> {
              List<Object> readings = enrolling.readings();
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
              return writes
                  .enroll(username, displayName, metadata, vectors, crops, reader.modelId())
                  .map(
                      enrollment ->
                          new Registration(
                              username,
                              vectors.size(),
                              enrollment.totalEmbeddings(),
                              rejected,
                              writes.seqToShare(enrollment.seq()),
                              enrolling.liveness()));
            });
  }

  private record Enrolling(List<Object> readings, Optional<Liveness> liveness) {}

  /**
   * Under enforce, photos sent beside passing frames are enrolled only when they show the person
   * who passed (the last reading, from the best frame): otherwise a live face would vouch for
   * anyone's photo.
   */
  private void bindToLiveFace(List<Object> readings, int photos) {
    Object live = readings.get(readings.size() - 1);
    for (int i = 0; i < photos; i++) {
      if (!(readings.get(i) instanceof FaceReading photo)) {
        continue;
      }
      if (!(live instanceof FaceReading face)) {
        readings.set(i, spoofSuspected("no face in the frames to vouch for this photo", null));
      } else if (DotProduct.dot(photo.embedding(), face.embedding()) < thresholds.auth()) {
        readings.set(
            i,
            spoofSuspected("this photo shows someone other than the person in the frames", null));
      }
    }
  }

  /** The frames judged; under enforce, a failed verdict refuses the enrollment. */
  private LivenessCheck.Judged judgeEnrollment(Capture capture, Optional<Challenge> challenge) {
    LivenessCheck.Judged judged = liveness.judge(capture, challenge, reader);
    if (judged.liveness().vetoes()) {
      throw spoofSuspected("the frames did not pass the liveness check", judged.liveness());
    }
    return judged;
  }

  private static FacegateException spoofSuspected(String message, Liveness verdict) {
    JsonObject details = new JsonObject();
    if (verdict != null) {
      details.put("liveness", verdict.toJson());
    }
    return new FacegateException(ErrorCode.SPOOF_SUSPECTED, message, details);
  }

  /** A probe's face and its liveness verdict. */
  private record Probe(FaceReading reading, Liveness liveness) {}

  /** Blocking: judges the capture and reads the probe from its best frame. */
  private Probe probe(Capture capture, Optional<Challenge> challenge) {
    LivenessCheck.Judged judged = liveness.judge(capture, challenge, reader);
    FaceReading reading = reader.forProbe(judged.probePhoto());
    return new Probe(reading, judged.liveness().withScore(reading.spoofScore()));
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

  /**
   * 1:1, within the lockout: a username locked after repeated failures is refused (LOCKED, with
   * when to retry) before its photo is read, and every verdict counts for or against it. {@code
   * threshold}: a stricter one than the configured (null: the configured one).
   */
  public Future<AuthDecision> authenticate(String username, Capture capture, Double threshold) {
    Usernames.require(username);
    double applied = stricter(threshold, thresholds.auth());
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
    return Future.<AuthDecision>future(p -> judge(username, capture, applied).onComplete(p))
        .transform(
            result -> {
              boolean locked =
                  lockout.finish(username, result.succeeded() ? result.result().match() : null);
              if (result.failed()) {
                return Future.failedFuture(result.cause());
              }
              return Future.succeededFuture(locked ? result.result().locking() : result.result());
            });
  }

  private Future<AuthDecision> judge(String username, Capture capture, double threshold) {
    if (!index.contains(username)) {
      return Future.failedFuture(PeopleDirectory.userNotFound(username));
    }
    Optional<Challenge> challenge = liveness.claim(capture);
    return inference
        .run(() -> probe(capture, challenge))
        .compose(
            read -> {
              FaceReading probe = read.reading();
              Liveness liveness = read.liveness();
              OptionalDouble score = index.scorePerson(username, probe.embedding());
              if (score.isEmpty()) {
                return Future.failedFuture(
                    PeopleDirectory.userNotFound(username)); // deleted while the photo was read
              }
              double s = score.getAsDouble();
              boolean match = s >= threshold && !liveness.vetoes() && writes.namesPeople();
              return Future.succeededFuture(
                  new AuthDecision(username, match, s, threshold, liveness, probe, false));
            });
  }

  /** {@code threshold}: a stricter one than the one in force (null: the one in force). */
  public Future<Identification> identify(Capture capture, int topK, Double threshold) {
    IdThreshold applied;
    Optional<Challenge> challenge;
    try {
      applied = idThresholdFor(topK, threshold);
      challenge = liveness.claim(capture);
    } catch (FacegateException e) {
      return Future.failedFuture(e);
    }
    return inference.run(
        () -> {
          Probe probe = probe(capture, challenge);
          return hideLocked(decideIdentity(probe.reading(), probe.liveness(), topK, applied));
        });
  }

  /**
   * Every usable face of the photo identified, largest first, their embeddings computed in one
   * batch; an empty list when the photo shows none.
   */
  public Future<List<Identification>> identifyEveryFace(byte[] photo, int topK, Double threshold) {
    IdThreshold applied;
    try {
      applied = idThresholdFor(topK, threshold);
    } catch (FacegateException e) {
      return Future.failedFuture(e);
    }
    return inference.run(
        () ->
            reader.everyFace(photo).stream()
                .map(
                    face -> hideLocked(decideIdentity(face, liveness.passive(face), topK, applied)))
                .toList());
  }

  private IdThreshold idThresholdFor(int topK, Double threshold) {
    if (topK < 1 || topK > MAX_TOP_K) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST, "top_k must be between 1 and " + MAX_TOP_K);
    }
    IdThreshold current = idThreshold();
    return threshold == null
        ? current
        : new IdThreshold(
            stricter(threshold, current.value()), current.galleryPeople(), "requested");
  }

  /**
   * A caller may demand more certainty than the server's setting, never less: a door cannot talk
   * the server into accepting weaker matches than its operator chose.
   */
  private static double stricter(Double requested, double configured) {
    if (requested == null) {
      return configured;
    }
    if (requested.isNaN() || requested > 1) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST, "threshold must be a number no greater than 1");
    }
    if (requested < configured) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST,
          "threshold "
              + requested
              + " is looser than the server's "
              + configured
              + "; only a stricter threshold may be requested",
          new JsonObject().put("threshold", configured));
    }
    return requested;
  }

  /**
   * Open-set rule: the best person must reach the threshold and lead the runner-up by the margin;
   * otherwise the answer is "unknown", never the nearest neighbour by default.
   */
  private Identification decideIdentity(
      FaceReading probe, Liveness liveness, int topK, IdThreshold threshold) {
    // A gallery too stale to trust names nobody, not even as a candidate.
    List<Candidate> ranked =
        writes.namesPeople() ? index.identify(probe.embedding(), Math.max(topK, 2)) : List.of();
    List<Candidate> shown = ranked.subList(0, Math.min(topK, ranked.size()));
    if (ranked.isEmpty()) {
      return new Identification(
          false, null, 0, threshold, thresholds.idMargin(), null, shown, liveness, probe);
    }
    Candidate best = ranked.get(0);
    Double lead = ranked.size() > 1 ? best.score() - ranked.get(1).score() : null;
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

  /**
   * Two captures, largest usable face of each, judged against the 1:1 threshold; the first is the
   * live one (one image or frames), whose liveness verdict may veto the match.
   */
  public Future<Comparison> compare(Capture first, byte[] second, Double threshold) {
    double applied;
    Optional<Challenge> challenge;
    try {
      applied = stricter(threshold, thresholds.auth());
      challenge = liveness.claim(first);
    } catch (FacegateException e) {
      return Future.failedFuture(e);
    }
    return inference.run(
        () -> {
          Probe a = numbered(1, () -> probe(first, challenge));
          FaceReading b = numbered(2, () -> reader.forProbe(second));
          double score = DotProduct.dot(a.reading().embedding(), b.embedding());
          boolean match = score >= applied && !a.liveness().vetoes();
          return new Comparison(score, match, applied, a.liveness(), a.reading(), b);
        });
  }

  /**
   * The face a probe photo would be verified on, with its embedding (for clients that match
   * elsewhere).
   */
  public Future<FaceReading> embed(byte[] photo) {
    return inference.run(() -> reader.forProbe(photo));
  }

  /** The model embeddings come from, so a client can tell whether two of them are comparable. */
  public String modelId() {
    return reader.modelId();
  }

  /** Names the photo in the error, so a client knows which of the two to retake. */
  private static <T> T numbered(int number, Supplier<T> read) {
    try {
      return read.get();
    } catch (FacegateException e) {
      throw new FacegateException(
          e.code(),
          "image " + number + ": " + e.getMessage(),
          e.details().copy().put("image", number));
    }
  }

  public Future<List<FaceReader.SurveyedFace>> detect(byte[] photo) {
    return inference.run(() -> reader.survey(photo));
  }

  /** Registered devices and their policies. */
  public Doors doors() {
    return doors;
  }

  /**
   * Why the device {@code subject} must not let {@code username} in now (see {@link DoorPolicy});
   * empty when it may, or when {@code subject} is not a registered device (a token minted for a
   * script).
   */
  public Future<Optional<String>> doorDenial(String subject, String username) {
    if (!doors.isDevice(subject) || username == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.find(username).map(person -> person.flatMap(p -> doors.denial(subject, p)));
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
}
