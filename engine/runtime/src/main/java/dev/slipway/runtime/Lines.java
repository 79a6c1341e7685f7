package dev.slipway.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a string exactly as {@link String#lines()} gives them (terminated by {@code \n}, {@code \r} or
 * {@code \r\n}; no empty line after a final terminator), as a list: every step splits its script and one of its
 * environment files, and a stream pipeline per call was a noticeable part of a short job's cost while its code is
 * still interpreted.
 */
final class Lines {
    private Lines() {}

    static List<String> of(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = start;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            lines.add(text.substring(start, end));
            if (end + 1 < n && text.charAt(end) == '\r' && text.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
        }
        return lines;
    }
}
