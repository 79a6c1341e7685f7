package dev.slipway.server.web;

import dev.slipway.server.api.LogTail;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders a job's raw log as HTML: each {@code ##[step]} opens a section, {@code ##[group]} / {@code ::group::}
 * blocks fold with {@code <details>}, error/warning/notice/debug/command lines get their own classes, ANSI colours
 * become spans, every line has a number linking to its anchor ({@code #L12}). Secrets arrive masked from the
 * runtime; everything else is escaped here. {@link #live} renders the same lines one by one for the live page.
 */
final class LogView {
    private LogView() {}

    /** The whole log at once. */
    static String toHtml(List<String> lines) {
        var out = new StringBuilder();
        var live = live();
        boolean inStep = false;
        int groups = 0;
        for (var raw : lines) {
            for (var e : live.render(raw)) {
                switch (e.name()) {
                    case "step" -> {
                        groups = closeGroups(out, groups);
                        if (inStep) {
                            out.append("</div></details>\n");
                        }
                        out.append("<details class=\"step\" open><summary>")
                                .append(e.data())
                                .append("</summary><div class=\"lines\">\n");
                        inStep = true;
                    }
                    case "group" -> {
                        out.append("<details class=\"group\"><summary>")
                                .append(e.data())
                                .append("</summary>\n");
                        groups++;
                    }
                    case "endgroup" -> {
                        if (groups > 0) {
                            out.append("</details>\n");
                            groups--;
                        }
                    }
                    default -> out.append(e.data()).append('\n');
                }
            }
        }
        closeGroups(out, groups);
        if (inStep) {
            out.append("</div></details>\n");
        }
        return out.toString();
    }

    /**
     * Line by line: {@code step} (data: the step's title), {@code group} (its summary line), {@code endgroup} and
     * {@code line} (a rendered line) events, numbered as {@link #toHtml} numbers them.
     */
    static LogTail.Renderer live() {
        var number = new int[] {0};
        return raw -> {
            var events = new ArrayList<LogTail.Event>(1);
            if (raw.startsWith("##[step]")) {
                var title = new StringBuilder();
                Html.escapeTo(raw.substring("##[step]".length()).strip(), title);
                events.add(new LogTail.Event("step", title.toString()));
                return events;
            }
            if (raw.startsWith("##[endgroup]") || raw.startsWith("::endgroup::")) {
                events.add(new LogTail.Event("endgroup", ""));
                return events;
            }
            int n = ++number[0];
            var group = groupTitle(raw);
            if (group.isPresent()) {
                events.add(new LogTail.Event("group", lineNumber(n) + Ansi.toHtml(group.get())));
            } else {
                events.add(new LogTail.Event("line", line(n, raw)));
            }
            return events;
        };
    }

    private static String lineNumber(int n) {
        return "<a class=\"ln\" id=\"L" + n + "\" href=\"#L" + n + "\">" + n + "</a>";
    }

    private static String line(int number, String raw) {
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
        return "<div class=\"line" + kind + "\">" + lineNumber(number) + "<span class=\"tx\">" + Ansi.toHtml(text)
                + "</span></div>";
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
