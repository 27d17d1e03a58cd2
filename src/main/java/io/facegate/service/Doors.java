package io.facegate.service;

import io.facegate.store.Device;
import io.facegate.store.DeviceActivity;
import io.facegate.store.DeviceStore;
import io.facegate.store.Person;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Registered devices, their door policies and the revoked token ids, held in memory (every request
 * checks them) over SQLite (written first, so memory never holds what was not committed). On a
 * standalone box writes go to that SQLite; on a central to the shared gallery ({@link
 * DeviceWrites}), and memory follows this instance's replica ({@link #replicated}), as on a door.
 */
public final class Doors {
  private final DeviceStore store;
  private final Clock clock;
  private final Map<String, DoorPolicy> policies;
  private final Set<String> revoked;
  private final DeviceWrites central;

  private Doors(
      DeviceStore store,
      Clock clock,
      Map<String, DoorPolicy> policies,
      Set<String> revoked,
      DeviceWrites central) {
    this.store = store;
    this.clock = clock;
    this.policies = policies;
    this.revoked = revoked;
    this.central = central;
  }

  private Doors(DeviceStore store, Clock clock) {
    this(store, clock, new ConcurrentHashMap<>(), ConcurrentHashMap.newKeySet(), null);
  }

  /** The same devices in memory, with writes sent to {@code central} (a central instance). */
  public Doors writingTo(DeviceWrites central) {
    return new Doors(store, clock, policies, revoked, central);
  }

  /**
   * Follows a batch the replica committed: revocations first, so no moment holds a removed device
   * whose token still passes.
   */
  public void replicated(DoorChanges changes) {
    revoked.addAll(changes.revokedTokens());
    changes.devices().forEach(d -> policies.put(d.id(), DoorPolicy.of(d)));
    if (changes.complete()) {
      Set<String> kept = new HashSet<>();
      changes.devices().forEach(d -> kept.add(d.id()));
      policies.keySet().retainAll(kept);
    }
    changes.removed().forEach(policies::remove);
  }

  /** Every stored device and revoked token id, read once at boot. */
  public static Future<Doors> load(DeviceStore store, Clock clock) {
    Doors doors = new Doors(store, clock);
    return store
        .list()
        .compose(
            devices -> {
              devices.forEach(d -> doors.policies.put(d.id(), DoorPolicy.of(d)));
              return store.revokedTokenIds();
            })
        .map(
            ids -> {
              doors.revoked.addAll(ids);
              return doors;
            });
  }

  /** Whether a token with this id (jti) was revoked; null (a token without an id) never is. */
  public boolean revoked(String tokenId) {
    return tokenId != null && revoked.contains(tokenId);
  }

  public Future<Written<Device>> register(Device device) {
    if (central != null) {
      return central
          .insertDevice(device)
          .compose(
              seq ->
                  seq.isEmpty()
                      ? Future.failedFuture(exists(device.id()))
                      : Future.succeededFuture(new Written<>(held(device), seq)));
    }
    return store
        .insert(device)
        .compose(
            inserted -> {
              if (!inserted) {
                return Future.failedFuture(exists(device.id()));
              }
              return store
                  .find(device.id())
                  .map(
                      stored -> {
                        policies.put(device.id(), DoorPolicy.of(stored.orElseThrow()));
                        return new Written<>(stored.get(), OptionalLong.empty());
                      });
            });
  }

  public Future<Written<Device>> update(String id, UnaryOperator<Device> change) {
    DoorPolicy current = policies.get(id);
    if (current == null) {
      return Future.failedFuture(notFound(id));
    }
    if (central != null) {
      return central
          .updateDevice(id, change)
          .compose(
              seq ->
                  seq.isEmpty()
                      ? Future.failedFuture(notFound(id))
                      : Future.succeededFuture(new Written<>(held(current.device()), seq)));
    }
    Device changed = change.apply(current.device());
    return store
        .update(changed)
        .compose(
            updated -> {
              if (!updated) {
                return Future.failedFuture(notFound(id));
              }
              policies.put(id, DoorPolicy.of(changed));
              return Future.succeededFuture(new Written<>(changed, OptionalLong.empty()));
            });
  }

  /**
   * Deletes the device; its token is refused from the moment the deletion is committed (on a
   * central: applied by this instance's replica). The gallery seq of a central.
   */
  public Future<OptionalLong> remove(String id) {
    if (central != null) {
      return central
          .deleteDevice(id)
          .compose(
              seq ->
                  seq.isEmpty() ? Future.failedFuture(notFound(id)) : Future.succeededFuture(seq));
    }
    return store
        .delete(id)
        .compose(
            tokenId -> {
              if (tokenId.isEmpty()) {
                return Future.failedFuture(notFound(id));
              }
              revoked.add(tokenId.get());
              policies.remove(id);
              return Future.succeededFuture(OptionalLong.empty());
            });
  }

  /**
   * The device as memory now holds it (a central's replica applied the write), else {@code
   * fallback} (the replica did not catch up in time; the write is committed all the same).
   */
  private Device held(Device fallback) {
    DoorPolicy policy = policies.get(fallback.id());
    return policy == null ? fallback : policy.device();
  }

  public List<Device> list() {
    return policies.values().stream()
        .map(DoorPolicy::device)
        .sorted(Comparator.comparing(Device::id))
        .toList();
  }

  /** One device with what it did (from the audit log). */
  public Future<DeviceDetail> describe(String id) {
    DoorPolicy policy = policies.get(id);
    if (policy == null) {
      return Future.failedFuture(notFound(id));
    }
    return store.activity(id).map(activity -> new DeviceDetail(policy.device(), activity));
  }

  /** A device with its activity. */
  public record DeviceDetail(Device device, DeviceActivity activity) {}

  /**
   * Why {@code deviceId} must not let {@code person} in now; empty when it may, or when it is no
   * registered device.
   */
  Optional<String> denial(String deviceId, Person person) {
    DoorPolicy policy = deviceId == null ? null : policies.get(deviceId);
    return policy == null ? Optional.empty() : policy.denial(person, clock.instant());
  }

  boolean isDevice(String subject) {
    return subject != null && policies.containsKey(subject);
  }

  private static FacegateException exists(String id) {
    return new FacegateException(
        ErrorCode.DEVICE_EXISTS,
        "a device called '" + id + "' exists; PATCH it, or DELETE it first");
  }

  private static FacegateException notFound(String id) {
    return new FacegateException(ErrorCode.NOT_FOUND, "no device is called '" + id + "'");
  }
}
