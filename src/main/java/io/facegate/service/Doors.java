package io.facegate.service;

import io.facegate.store.Device;
import io.facegate.store.DeviceActivity;
import io.facegate.store.DeviceStore;
import io.facegate.store.Person;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Registered devices, their door policies and the revoked token ids, held in memory (every request
 * checks them) over SQLite (written first, so memory never holds what was not committed).
 */
public final class Doors {
  private final DeviceStore store;
  private final Clock clock;
  private final Map<String, DoorPolicy> policies = new ConcurrentHashMap<>();
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();

  private Doors(DeviceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
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

  public Future<Device> register(Device device) {
    return store
        .insert(device)
        .compose(
            inserted -> {
              if (!inserted) {
                return Future.failedFuture(
                    new FacegateException(
                        ErrorCode.DEVICE_EXISTS,
                        "a device called '"
                            + device.id()
                            + "' exists; PATCH it, or DELETE it first"));
              }
              return store
                  .find(device.id())
                  .map(
                      stored -> {
                        policies.put(device.id(), DoorPolicy.of(stored.orElseThrow()));
                        return stored.get();
                      });
            });
  }

  public Future<Device> update(String id, UnaryOperator<Device> change) {
    DoorPolicy current = policies.get(id);
    if (current == null) {
      return Future.failedFuture(notFound(id));
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
              return Future.succeededFuture(changed);
            });
  }

  /** Deletes the device; its token is refused from the moment the deletion is committed. */
  public Future<Void> remove(String id) {
    return store
        .delete(id)
        .compose(
            tokenId -> {
              if (tokenId.isEmpty()) {
                return Future.failedFuture(notFound(id));
              }
              revoked.add(tokenId.get());
              policies.remove(id);
              return Future.succeededFuture();
            });
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

  private static FacegateException notFound(String id) {
    return new FacegateException(ErrorCode.NOT_FOUND, "no device is called '" + id + "'");
  }
}
