package dev.slipway.registry;

import java.util.Locale;
import java.util.Optional;

/** What a principal may do to a repository; the names match the Docker token scope actions. */
public enum RegistryAction {
    /** Read manifests, blobs, tags and referrers. */
    PULL,
    /** Upload blobs and manifests, mount blobs, move tags. */
    PUSH,
    /** Delete manifests, tags and blob links. */
    DELETE;

    /** The action's name in a scope string: {@code pull}, {@code push} or {@code delete}. */
    public String scopeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a scope action; {@code *} is handled by the caller. */
    public static Optional<RegistryAction> fromScope(String action) {
        for (RegistryAction a : values()) {
            if (a.scopeName().equals(action)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
