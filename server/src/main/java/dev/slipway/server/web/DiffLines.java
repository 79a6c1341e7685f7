package dev.slipway.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Splits a file's unified diff hunks into numbered lines for the files tab. */
final class DiffLines {
    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,\\d+)? \\+(\\d+)(?:,\\d+)? @@.*");

    private DiffLines() {}

    static List<PullModel.DiffLine> of(String patch) {
        var out = new ArrayList<PullModel.DiffLine>();
        int oldNo = 0;
        int newNo = 0;
        for (String line : patch.split("\n", -1)) {
            var hunk = HUNK.matcher(line);
            if (hunk.matches()) {
                oldNo = Integer.parseInt(hunk.group(1));
                newNo = Integer.parseInt(hunk.group(2));
                out.add(new PullModel.DiffLine("hunk", "", "", line));
            } else if (line.startsWith("+")) {
                out.add(new PullModel.DiffLine("add", "", String.valueOf(newNo++), line.substring(1)));
            } else if (line.startsWith("-")) {
                out.add(new PullModel.DiffLine("del", String.valueOf(oldNo++), "", line.substring(1)));
            } else if (line.startsWith(" ")) {
                out.add(new PullModel.DiffLine(
                        "ctx", String.valueOf(oldNo++), String.valueOf(newNo++), line.substring(1)));
            } else if (line.startsWith("\\")) {
                out.add(new PullModel.DiffLine("hunk", "", "", line));
            }
        }
        return out;
    }
}
