package dev.slipway.common;

/** Thread helpers. */
public final class Threads {
    private Threads() {}

    /**
     * Waits for {@code thread} to end, also when interrupted meanwhile: for a wait that must not be cut short (a
     * writer holding buffers, a set-up later code depends on).
     *
     * @return whether the caller was interrupted while waiting; its interrupt flag is then cleared, so the caller
     *     decides whether to set it again or to throw
     */
    public static boolean joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                return interrupted;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
    }
}
