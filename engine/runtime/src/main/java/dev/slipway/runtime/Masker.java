package dev.slipway.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Replaces secret values by {@code ***} in log lines. A multi-line secret is masked as a whole and each of its lines
 * separately, since logs arrive line by line. Thread-safe.
 */
public final class Masker {
    static final String MASK = "***";

    // Longest first, so that a secret containing another is masked whole.
    private volatile List<String> secrets = List.of();

    /** Masks {@code secret} from now on; blank values are ignored (masking spaces would ruin every line). */
    public void add(String secret) {
        addOne(secret);
        if (secret.indexOf('\n') >= 0 || secret.indexOf('\r') >= 0) {
            secret.lines().forEach(this::addOne);
        }
    }

    private synchronized void addOne(String value) {
        if (value.isBlank() || secrets.contains(value)) {
            return;
        }
        List<String> copy = new ArrayList<>(secrets);
        copy.add(value);
        copy.sort(Comparator.comparingInt(String::length).reversed());
        secrets = List.copyOf(copy);
    }

    /** {@code line} with every secret replaced by {@code ***}. */
    public String mask(String line) {
        String out = line;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
