package dev.slipway.common;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a string exactly as {@link String#lines()} gives them (terminated by {@code \n}, {@code \r} or
 * {@code \r\n}; no empty line after a final terminator), without a stream: every step splits its script and one of
 * its environment files and names itself after its script's first line, and a stream pipeline per call was a
 * noticeable part of a short job's cost while its code is still interpreted.
 */
public final class Lines {
    private Lines() {}

    /** As {@code text.lines().toList()}. */
    public static List<String> of(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = endOfLine(text, start);
            lines.add(text.substring(start, end));
            if (end + 1 < n && text.charAt(end) == '\r' && text.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
        }
        return lines;
    }

    /** As {@code text.lines().findFirst().orElse("")}. */
    public static String first(String text) {
        return text.substring(0, endOfLine(text, 0));
    }

    private static int endOfLine(String text, int from) {
        int end = from;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return end;
    }
}
