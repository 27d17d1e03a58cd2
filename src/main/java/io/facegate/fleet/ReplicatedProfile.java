package io.facegate.fleet;

import io.facegate.store.Profile;

/** A person's profile as the central holds it. */
public record ReplicatedProfile(String username, Profile profile) {}
