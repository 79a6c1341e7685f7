package dev.slipway.workflow;

import java.util.ArrayList;
import java.util.List;

/** The text of a YAML file with a line index, to turn SnakeYAML marks into string indices and back. */
final class Source {
    private final String text;
    private final int[] lineStarts;

    Source(String text) {
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    String text() {
        return text;
    }

    /** The string index of 0-based {@code line} and code-point {@code column}, clamped to the text. */
    int index(int line, int column) {
        if (line >= lineStarts.length) {
            return text.length();
        }
        int start = lineStarts[Math.max(0, line)];
        int end = lineEnd(start);
        int i = start;
        for (int c = 0; c < column && i < end; c++) {
            i += Character.charCount(text.codePointAt(i));
        }
        return i;
    }

    /** The index of the line break (or end of text) of the line holding {@code index}. */
    int lineEnd(int index) {
        int nl = text.indexOf('\n', index);
        int end = nl < 0 ? text.length() : nl;
        return end > index && text.charAt(end - 1) == '\r' ? end - 1 : end;
    }

    /** 0-based line of a string index. */
    int line(int index) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** 0-based code-point column of a string index. */
    int column(int index) {
        int start = lineStarts[line(index)];
        return text.codePointCount(start, Math.min(index, text.length()));
    }
}
