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
