package dev.slipway.server.web;

/**
 * A two-part status badge in SVG, the shape README badges have: the label on grey, the status on its colour. Widths
 * come from an estimate of the text's width in 11 px Verdana, so no font needs to be measured.
 */
final class BadgeSvg {
    private static final int PADDING = 10;

    private BadgeSvg() {}

    static String render(String label, String status, String colour) {
        int left = width(label) + PADDING;
        int right = width(status) + PADDING;
        int total = left + right;
        String l = escape(label);
        String s = escape(status);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + total + "\" height=\"20\" role=\"img\""
                + " aria-label=\"" + l + ": " + s + "\"><title>" + l + ": " + s + "</title>"
                + "<linearGradient id=\"g\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\""
                + " stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>"
                + "<clipPath id=\"r\"><rect width=\"" + total + "\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>"
                + "<g clip-path=\"url(#r)\"><rect width=\"" + left + "\" height=\"20\" fill=\"#555\"/>"
                + "<rect x=\"" + left + "\" width=\"" + right + "\" height=\"20\" fill=\"" + colour + "\"/>"
                + "<rect width=\"" + total + "\" height=\"20\" fill=\"url(#g)\"/></g>"
                + "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\""
                + " font-size=\"11\"><text x=\"" + (left / 2.0) + "\" y=\"14\">" + l + "</text>"
                + "<text x=\"" + (left + right / 2.0) + "\" y=\"14\">" + s + "</text></g></svg>";
    }

    /** About 6.5 px per character of 11 px Verdana, wider for capitals and narrower for thin letters. */
    static int width(String text) {
        double w = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("iljtf.,:;|!'I ".indexOf(c) >= 0) {
                w += 3.5;
            } else if (Character.isUpperCase(c) || c == 'm' || c == 'w') {
                w += 8.5;
            } else {
                w += 6.6;
            }
        }
        return (int) Math.ceil(w);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
