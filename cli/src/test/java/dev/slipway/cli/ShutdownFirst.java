package dev.slipway.cli;

/**
 * A {@code main} for {@link ShutdownRaceIT}: starts the JVM's shutdown (as a SIGTERM or Ctrl-C that comes while the
 * JVM starts does), keeps it in progress with a slow hook, and only then runs {@code slipway ARGS}, which meets a
 * JVM that is already shutting down. A signal's timing made this a race; here it happens every time.
 */
public final class ShutdownFirst {
    private ShutdownFirst() {}

    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(3_000); // the command's main thread goes on meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        Thread.ofPlatform().daemon().start(() -> System.exit(143));
        Thread probe = new Thread(() -> {});
        while (true) {
            try {
                Runtime.getRuntime().addShutdownHook(probe);
                Runtime.getRuntime().removeShutdownHook(probe);
                Thread.sleep(1);
            } catch (IllegalStateException shuttingDown) {
                break;
            }
        }
        Main.main(args);
    }
}
