package dev.slipway.registry;

/**
 * Told about manifest changes after they are stored. Called on the request thread; exceptions are logged and do not
 * fail the push, so implementations that do slow work should hand it off.
 */
public interface RegistryListener {
    /** A manifest was stored, under a tag or by digest. */
    default void manifestPushed(ManifestEvent event) {}

    /** A manifest (by digest) or a tag was deleted. */
    default void manifestDeleted(ManifestEvent event) {}

    /** A listener that ignores everything. */
    static RegistryListener none() {
        return new RegistryListener() {};
    }
}
