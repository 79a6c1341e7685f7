package dev.slipway.cli;

/**
 * Shutdown hooks of the long commands. A SIGTERM or Ctrl-C can come before a command has put its hook in place (while
 * the JVM starts or picocli builds the command line); the JVM is then already shutting down and refuses new hooks.
 */
final class ShutdownHooks {
    private ShutdownHooks() {}

    /**
     * Adds {@code hook}; false when the JVM is already shutting down, and the command should end at once without
     * starting anything: the signal that began the shutdown asked for that.
     */
    static boolean add(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }
}
