package io.facegate.service;

import io.facegate.store.Device;
import java.util.List;
import java.util.Set;

/**
 * What a replicated batch did to devices and revocations, for {@link Doors}' memory to follow once
 * it is committed: the devices now stored ({@code devices}), the ids no longer stored ({@code
 * removed}) and the token ids revoked. {@code complete}: {@code devices} is every device (a
 * snapshot was loaded), so any other is gone.
 */
public record DoorChanges(
    boolean complete, List<Device> devices, Set<String> removed, List<String> revokedTokens) {
  public static final DoorChanges NONE = new DoorChanges(false, List.of(), Set.of(), List.of());

  public DoorChanges {
    devices = List.copyOf(devices);
    removed = Set.copyOf(removed);
    revokedTokens = List.copyOf(revokedTokens);
  }
}
