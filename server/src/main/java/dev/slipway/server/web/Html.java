package dev.slipway.server.web;

/** HTML escaping for text and attribute values. */
final class Html {
    private Html() {}

    static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        escapeTo(text, out);
        return out.toString();
    }

    static void escapeTo(CharSequence text, StringBuilder out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }

    /** {@code text} encoded for a URL's query or path segment. */
    static String query(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /** A path of {@code /}-separated segments for a URL: each segment encoded, the slashes kept. */
    static String path(String path) {
        return String.join(
                "/",
                java.util.Arrays.stream(path.split("/", -1)).map(Html::query).toList());
    }
}
