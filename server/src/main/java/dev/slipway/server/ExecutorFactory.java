package dev.slipway.server;

import dev.slipway.run.Platforms;

/**
 * Makes the executors the embedded agent runs jobs on, mapped to {@code runs-on} labels. The server never depends on
 * executor modules: whoever starts it (the cli, a test) passes this in.
 */
@FunctionalInterface
public interface ExecutorFactory {
    /** The executors and their labels; called once, when the server starts. */
    Platforms create();
}
