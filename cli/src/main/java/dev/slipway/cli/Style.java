package dev.slipway.cli;

/** ANSI styling, off when output is not a terminal or {@code NO_COLOR} is set. */
record Style(boolean enabled) {
    private static final String[] PALETTE = {"36", "35", "34", "33", "32", "96", "95", "94", "93", "92"};

    static Style detect(String mode) {
        return switch (mode) {
            case "always" -> new Style(true);
            case "never" -> new Style(false);
            default -> new Style(System.console() != null && System.getenv("NO_COLOR") == null);
        };
    }

    /** Escape sequences of terminals: CSI ({@code ESC [ ... m} colours, cursor moves) and OSC (titles, links). */
    private static final java.util.regex.Pattern ESCAPES = java.util.regex.Pattern.compile(
            "\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(?:\u0007|\u001b\\\\)?");

    /**
     * {@code text} of a step as printed: as it is with colours on; without the escape sequences it holds when they
     * are off ({@code --color never}, {@code NO_COLOR}, output to a file), so a log written to a file has no {@code
     * ESC[0m} of Maven's or Gradle's in it.
     */
    String plain(String text) {
        return enabled || text.indexOf('\u001b') < 0
                ? text
                : ESCAPES.matcher(text).replaceAll("");
    }

    String color(int index, String text) {
        return wrap(PALETTE[Math.floorMod(index, PALETTE.length)], text);
    }

    String red(String s) {
        return wrap("31", s);
    }

    String yellow(String s) {
        return wrap("33", s);
    }

    String green(String s) {
        return wrap("32", s);
    }

    String dim(String s) {
        return wrap("2", s);
    }

    String bold(String s) {
        return wrap("1", s);
    }

    private String wrap(String code, String s) {
        return enabled ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
