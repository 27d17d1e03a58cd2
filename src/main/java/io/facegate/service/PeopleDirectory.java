package io.facegate.service;

import io.facegate.store.PeopleFilter;
import io.facegate.store.PeopleStore;
import io.facegate.store.PersonDetail;
import io.facegate.store.PersonPage;
import io.facegate.store.StorageUnavailableException;
import io.vertx.core.Future;
import java.util.OptionalLong;

/**
 * The people of the gallery as an administrator manages them: read, list, edit a profile, remove a
 * photo or the person. Reads come from this instance's store; writes go where the fleet role sends
 * them ({@link GalleryWrites}) and complete once this instance's index reflects them.
 */
public final class PeopleDirectory {
  private final PeopleStore store;
  private final GalleryWrites writes;

  public PeopleDirectory(PeopleStore store, GalleryWrites writes) {
    this.store = store;
    this.writes = writes;
  }

  public Future<PersonDetail> person(String username) {
    Usernames.require(username);
    return store
        .describe(username)
        .compose(
            found ->
                found
                    .map(Future::succeededFuture)
                    .orElseGet(() -> Future.failedFuture(userNotFound(username))));
  }

  public Future<PersonPage> list(int limit, String cursor, PeopleFilter filter) {
    return store
        .list(limit, cursor, filter)
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof IllegalArgumentException
                        ? new FacegateException(
                            ErrorCode.BAD_REQUEST, "the cursor is not one this server handed out")
                        : e));
  }

  /**
   * Applies {@code patch} to the person's profile; 404 when there is no such person. With the
   * gallery seq of a central.
   */
  public Future<Written<PersonDetail>> updateProfile(String username, ProfilePatch patch) {
    Usernames.require(username);
    return writes
        .updateProfile(username, patch.change())
        .compose(
            updated ->
                updated.isPresent()
                    ? person(username).map(p -> new Written<>(p, writes.seqToShare(updated.get())))
                    : Future.failedFuture(userNotFound(username)))
        .recover(e -> Future.failedFuture(storageRefusal(e, "profiles")));
  }

  /**
   * Removes one stored embedding from the gallery and then from memory; the gallery seq of a
   * central. The last one is refused (409 LAST_PHOTO): deleting the person is a separate, explicit
   * act.
   */
  public Future<OptionalLong> removePhoto(String username, long embeddingId) {
    Usernames.require(username);
    return writes
        .removePhoto(username, embeddingId)
        .compose(
            removal ->
                switch (removal.outcome()) {
                  case NO_PERSON -> Future.failedFuture(userNotFound(username));
                  case NO_PHOTO ->
                      Future.failedFuture(
                          new FacegateException(
                              ErrorCode.NOT_FOUND,
                              "'" + username + "' has no stored embedding " + embeddingId));
                  case LAST_PHOTO ->
                      Future.failedFuture(
                          new FacegateException(
                              ErrorCode.LAST_PHOTO,
                              "embedding "
                                  + embeddingId
                                  + " is the last of '"
                                  + username
                                  + "'; delete the person instead"));
                  case REMOVED -> Future.succeededFuture(writes.seqToShare(removal.seq()));
                });
  }

  /**
   * Gone from the gallery and from this instance's memory before the returned future completes; the
   * gallery seq of a central.
   */
  public Future<OptionalLong> delete(String username) {
    Usernames.require(username);
    return writes
        .delete(username)
        .compose(
            removed ->
                removed.isEmpty()
                    ? Future.failedFuture(userNotFound(username))
                    : Future.succeededFuture(writes.seqToShare(removed.get().seq())));
  }

  static FacegateException userNotFound(String username) {
    return new FacegateException(
        ErrorCode.USER_NOT_FOUND, "no enrolled person is called '" + username + "'");
  }

  /** A full or read-only disk refuses the write with 507; anything else passes unchanged. */
  static Throwable storageRefusal(Throwable e, String what) {
    return e instanceof StorageUnavailableException
        ? new FacegateException(
            ErrorCode.INSUFFICIENT_STORAGE,
            "the server cannot store "
                + what
                + " right now ("
                + e.getMessage()
                + "); nothing of this request was stored, verification keeps working")
        : e;
  }
}
