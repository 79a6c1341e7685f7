package dev.slipway.git;

/**
 * Told about every push after its refs were updated (git's post-receive hook): the server triggers workflows here.
 *
 * <p>Called on the request thread while the git client still waits, once per push that updated at least one ref;
 * hand long work to another thread. An exception is logged and shown to the pusher as a warning; the push stands.
 */
@FunctionalInterface
public interface PushListener {
    /** Ignores pushes. */
    PushListener NONE = event -> {};

    /** Reacts to a push. */
    void pushed(PushEvent event);
}
