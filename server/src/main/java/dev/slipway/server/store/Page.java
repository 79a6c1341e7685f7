package dev.slipway.server.store;

/**
 * A page of a list, GitHub style: {@code number} counts from 1, {@code size} is 1 to 100.
 *
 * @param number the page, from 1
 * @param size items per page, 1 to 100
 */
public record Page(int number, int size) {
    /** The largest page size, as on GitHub. */
    public static final int MAX_SIZE = 100;

    /** Checks the bounds. */
    public Page {
        if (number < 1) {
            throw new IllegalArgumentException("page number must be at least 1: " + number);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page size must be 1 to " + MAX_SIZE + ": " + size);
        }
    }

    /** Page {@code number} of {@code size} items. */
    public static Page of(int number, int size) {
        return new Page(number, size);
    }

    /** The first {@code size} items. */
    public static Page first(int size) {
        return new Page(1, size);
    }

    /** How many items come before this page. */
    public long offset() {
        return (long) (number - 1) * size;
    }
}
