package dev.slipway.server.web;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one line of terminal output into HTML: SGR colour and style codes become {@code <span class="ansi-...">},
 * other escape sequences are dropped, and all text is escaped.
 */
final class Ansi {
    private static final char ESC = '\u001b';

    private Ansi() {}

    /** The HTML of {@code line}; spans never cross the end of the line. */
    static String toHtml(String line) {
        var out = new StringBuilder(line.length() + 32);
        var style = new Style();
        boolean open = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ESC) {
                int end = sequenceEnd(line, i);
                if (end > i + 1 && line.charAt(i + 1) == '[' && line.charAt(end - 1) == 'm') {
                    style.apply(line.substring(i + 2, end - 1));
                    if (open) {
                        out.append("</span>");
                        open = false;
                    }
                }
                i = end;
                continue;
            }
            if (!open && !style.isPlain()) {
                out.append("<span class=\"").append(style.classes()).append("\">");
                open = true;
            }
            Html.escapeTo(String.valueOf(c), out);
            i++;
        }
        if (open) {
            out.append("</span>");
        }
        return out.toString();
    }

    /** Where an escape sequence starting at {@code start} ends (exclusive). */
    private static int sequenceEnd(String line, int start) {
        if (start + 1 >= line.length() || line.charAt(start + 1) != '[') {
            return Math.min(line.length(), start + 2);
        }
        int i = start + 2;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c >= 0x40 && c <= 0x7e) {
                return i + 1;
            }
            i++;
        }
        return line.length();
    }

    private static final class Style {
        private int fg = -1;
        private int bg = -1;
        private boolean bold;
        private boolean italic;
        private boolean underline;

        boolean isPlain() {
            return fg < 0 && bg < 0 && !bold && !italic && !underline;
        }

        String classes() {
            List<String> names = new ArrayList<>();
            if (bold) {
                names.add("ansi-bold");
            }
            if (italic) {
                names.add("ansi-italic");
            }
            if (underline) {
                names.add("ansi-underline");
            }
            if (fg >= 0) {
                names.add("ansi-fg-" + fg);
            }
            if (bg >= 0) {
                names.add("ansi-bg-" + bg);
            }
            return String.join(" ", names);
        }

        void apply(String params) {
            var codes = params.isEmpty() ? new String[] {"0"} : params.split(";", -1);
            for (int k = 0; k < codes.length; k++) {
                int code = parse(codes[k]);
                if (code == 38 || code == 48) {
                    // 256-colour and true-colour selections: their arguments are skipped, the colour ignored.
                    k += k + 1 < codes.length && "5".equals(codes[k + 1]) ? 2 : 4;
                    continue;
                }
                set(code);
            }
        }

        private void set(int code) {
            switch (code) {
                case 0 -> {
                    fg = -1;
                    bg = -1;
                    bold = false;
                    italic = false;
                    underline = false;
                }
                case 1 -> bold = true;
                case 3 -> italic = true;
                case 4 -> underline = true;
                case 22 -> bold = false;
                case 23 -> italic = false;
                case 24 -> underline = false;
                case 39 -> fg = -1;
                case 49 -> bg = -1;
                default -> {
                    if (code >= 30 && code <= 37) {
                        fg = code - 30;
                    } else if (code >= 90 && code <= 97) {
                        fg = code - 90 + 8;
                    } else if (code >= 40 && code <= 47) {
                        bg = code - 40;
                    } else if (code >= 100 && code <= 107) {
                        bg = code - 100 + 8;
                    }
                }
            }
        }

        private static int parse(String text) {
            if (text.isEmpty()) {
                return 0;
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
