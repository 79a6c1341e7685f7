package dev.slipway.registry;

import java.util.concurrent.ArrayBlockingQueue;

/** A small pool of large transfer buffers so each request does not allocate and zero a megabyte. */
final class Buffers {
    static final int SIZE = 1 << 20;
    private static final ArrayBlockingQueue<byte[]> POOL = new ArrayBlockingQueue<>(32);

    private Buffers() {}

    static byte[] take() {
        byte[] buffer = POOL.poll();
        return buffer == null ? new byte[SIZE] : buffer;
    }

    static void give(byte[] buffer) {
        POOL.offer(buffer);
    }
}
