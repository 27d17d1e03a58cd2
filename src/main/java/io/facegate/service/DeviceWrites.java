package io.facegate.service;

import io.facegate.store.Device;
import io.vertx.core.Future;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;

/**
 * A central's device writes: to the shared gallery, each answered with its gallery seq once this
 * instance's replica holds it, so {@link Doors}' memory (which follows the replica) already shows
 * it. Empty: nothing was written.
 */
public interface DeviceWrites {
  /** Empty when a device with this id exists. */
  Future<OptionalLong> insertDevice(Device device);

  /** {@code change} applied to the stored device; empty when there is no such device. */
  Future<OptionalLong> updateDevice(String id, UnaryOperator<Device> change);

  /** Revokes the device's token and deletes it; empty when there is no such device. */
  Future<OptionalLong> deleteDevice(String id);
}
