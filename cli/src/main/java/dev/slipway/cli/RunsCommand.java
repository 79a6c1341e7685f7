package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.common.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway runs}: workflow runs of a repository on a server. */
@Command(
        name = "runs",
        mixinStandardHelpOptions = true,
        description = "Workflow runs on a Slipway server.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.Watch.class, RunsCommand.Logs.class})
final class RunsCommand implements Runnable {
    private static final long POLL_MILLIS = 1000;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** What every runs verb takes. */
    static class Target {
        @Mixin
        RemoteOptions remote = new RemoteOptions();

        @Option(
                names = "--repo",
                paramLabel = "OWNER/NAME",
                description = "The repository (default: from the origin remote of the current directory).")
        @Nullable
        String repo;

        String actions() {
            return "/repos/" + RemoteOptions.repo(repo) + "/actions";
        }
    }

    /** {@code slipway runs list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest runs, newest first.")
    static final class ListRuns extends Target implements Callable<Integer> {
        @Option(names = "--limit", paramLabel = "N", description = "How many (1-100, default 20).")
        int limit = 20;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 100) {
                throw new UserError("--limit must be 1 to 100, not " + limit);
            }
            var runs =
                    remote.client().get(actions() + "/runs?per_page=" + limit).path("workflow_runs");
            if (runs.isEmpty()) {
                System.out.println("No runs in " + RemoteOptions.repo(repo) + ".");
                return 0;
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "STATUS", "WORKFLOW", "BRANCH", "EVENT", "ATTEMPT", "CREATED"});
            for (var r : runs) {
                rows.add(new String[] {
                    r.path("id").asText(),
                    state(r),
                    r.path("name").asText(),
                    r.path("head_branch").asText(""),
                    r.path("event").asText(),
                    r.path("run_attempt").asText(),
                    r.path("created_at").asText()
                });
            }
            print(rows);
            return 0;
        }
    }

    /** {@code slipway runs watch ID}. */
    @Command(
            name = "watch",
            mixinStandardHelpOptions = true,
            description = "Follow a run until it completes; exit 0 when it succeeded, 1 otherwise.")
    static final class Watch extends Target implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The run's id.")
        long id;

        @Override
        public Integer call() throws InterruptedException {
            var client = remote.client();
            Map<String, String> seen = new LinkedHashMap<>();
            while (true) {
                var run = client.get(actions() + "/runs/" + id);
                for (var job : client.get(actions() + "/runs/" + id + "/jobs").path("jobs")) {
                    var now = state(job);
                    if (!now.equals(seen.put(job.path("name").asText(), now))) {
                        System.out.println(job.path("name").asText() + ": " + now);
                    }
                }
                if (run.path("status").asText().equals("completed")) {
                    var conclusion = run.path("conclusion").asText();
                    System.out.println("Run " + id + " (" + run.path("name").asText() + ", attempt "
                            + run.path("run_attempt").asText() + ") " + conclusion + ": "
                            + run.path("html_url").asText());
                    return conclusion.equals("success") ? 0 : 1;
                }
                Thread.sleep(POLL_MILLIS);
            }
        }
    }

    /** {@code slipway runs logs ID}. */
    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the logs of a run's jobs.")
    static final class Logs extends Target implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The run's id.")
        long id;

        @Option(names = "--job", paramLabel = "NAME|ID", description = "Only this job (its name or id).")
        @Nullable
        String job;

        @Override
        public Integer call() {
            var client = remote.client();
            var jobs = client.get(actions() + "/runs/" + id + "/jobs").path("jobs");
            int printed = 0;
            for (var j : jobs) {
                if (job != null
                        && !job.equals(j.path("name").asText())
                        && !job.equals(j.path("id").asText())) {
                    continue;
                }
                System.out.println("=== " + j.path("name").asText() + " (job "
                        + j.path("id").asText() + ", " + state(j) + ")");
                if (!j.path("started_at").isNull()) {
                    System.out.print(
                            client.getText(actions() + "/jobs/" + j.path("id").asText() + "/logs"));
                }
                printed++;
            }
            if (printed == 0) {
                throw new UserError(
                        job == null
                                ? "run " + id + " has no jobs yet"
                                : "run " + id + " has no job '" + job + "'; its jobs: " + names(jobs));
            }
            return 0;
        }
    }

    private static String names(JsonNode jobs) {
        List<String> out = new ArrayList<>();
        jobs.forEach(j -> out.add(j.path("name").asText()));
        return String.join(", ", out);
    }

    /** {@code completed/success}, or the status while it is not completed. */
    static String state(JsonNode node) {
        var status = node.path("status").asText();
        return status.equals("completed") ? node.path("conclusion").asText("") : status;
    }

    static void print(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (var row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (var row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(
                        i == row.length - 1
                                ? row[i]
                                : String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", row[i]));
            }
            System.out.println(line.toString().stripTrailing());
        }
    }
}
