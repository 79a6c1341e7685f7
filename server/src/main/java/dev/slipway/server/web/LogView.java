package dev.slipway.server.web;

import java.util.List;
import java.util.Optional;

/**
 * Renders a job's raw log as HTML: each {@code ##[step]} opens a section, {@code ##[group]} / {@code ::group::}
 * blocks fold with {@code <details>}, error/warning/notice/debug/command lines get their own classes, ANSI colours
 * become spans. Secrets arrive masked from the runtime; everything else is escaped here.
 */
final class LogView {
    private LogView() {}

    static String toHtml(List<String> lines) {
        var out = new StringBuilder();
        boolean inStep = false;
        int groups = 0;
        int number = 0;
        for (var raw : lines) {
            if (raw.startsWith("##[step]")) {
                groups = closeGroups(out, groups);
                if (inStep) {
                    out.append("</div></details>\n");
                }
                out.append("<details class=\"step\" open><summary>");
                Html.escapeTo(raw.substring("##[step]".length()).strip(), out);
                out.append("</summary><div class=\"lines\">\n");
                inStep = true;
                continue;
            }
            var group = groupTitle(raw);
            if (group.isPresent()) {
                number++;
                out.append("<details class=\"group\"><summary><span class=\"ln\">")
                        .append(number)
                        .append("</span>")
                        .append(Ansi.toHtml(group.get()))
                        .append("</summary>\n");
                groups++;
                continue;
            }
            if (raw.startsWith("##[endgroup]") || raw.startsWith("::endgroup::")) {
                if (groups > 0) {
                    out.append("</details>\n");
                    groups--;
                }
                continue;
            }
            number++;
            line(out, number, raw);
        }
        closeGroups(out, groups);
        if (inStep) {
            out.append("</div></details>\n");
        }
        return out.toString();
    }

    private static void line(StringBuilder out, int number, String raw) {
        String kind = "";
        String text = raw;
        for (var k : List.of("error", "warning", "notice", "debug")) {
            var prefix = "##[" + k + "]";
            if (raw.startsWith(prefix)) {
                kind = " " + k;
                text = raw.substring(prefix.length());
            }
        }
        if (raw.startsWith("[command]")) {
            kind = " command";
            text = raw.substring("[command]".length());
        }
        out.append("<div class=\"line")
                .append(kind)
                .append("\"><span class=\"ln\">")
                .append(number)
                .append("</span><span class=\"tx\">")
                .append(Ansi.toHtml(text))
                .append("</span></div>\n");
    }

    private static Optional<String> groupTitle(String raw) {
        for (var prefix : List.of("##[group]", "::group::")) {
            if (raw.startsWith(prefix)) {
                return Optional.of(raw.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private static int closeGroups(StringBuilder out, int groups) {
        for (int i = 0; i < groups; i++) {
            out.append("</details>\n");
        }
        return 0;
    }
}
