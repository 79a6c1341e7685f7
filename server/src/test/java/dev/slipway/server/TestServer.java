package dev.slipway.server;

import dev.slipway.executor.host.HostExecutor;
import dev.slipway.run.Platforms;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** A server on 127.0.0.1 and a free port, with its data in a temporary directory and administrator {@code root}. */
final class TestServer implements AutoCloseable {
    static final String ADMIN = "root";
    static final String ADMIN_PASSWORD = "root-password-1";

    final SlipwayServer server;
    final Http http;
    final String startOutput;

    private TestServer(SlipwayServer server, String startOutput) {
        this.server = server;
        this.http = new Http(server.url());
        this.startOutput = startOutput;
    }

    /** Starts on H2 in {@code dataDir}, or on {@code database} when given. */
    static TestServer start(Path dataDir, Optional<String> database) {
        return start(dataDir, database, java.util.List.of());
    }

    /** A server whose jobs find actions in {@code actionSources}. */
    static TestServer start(Path dataDir, Optional<String> database, java.util.List<String> actionSources) {
        var config = ServerConfig.defaults().withActionSources(actionSources);
        if (database.isPresent()) {
            config = config.withDatabase(database.get());
        }
        return start(dataDir, config);
    }

    /** A server on H2 in {@code dataDir}, on any free port, with the test administrator, as {@code config} says. */
    static TestServer start(Path dataDir, ServerConfig config) {
        return start(dataDir, config, DispatchConfig.fromEnv(System.getenv()));
    }

    /** As above, dispatching jobs as {@code dispatch} says (without the embedded agent, say). */
    static TestServer start(Path dataDir, ServerConfig config, DispatchConfig dispatch) {
        config =
                config.withPort(0).withDataDir(dataDir).withAdmin(new ServerConfig.AdminAccount(ADMIN, ADMIN_PASSWORD));
        var out = new ByteArrayOutputStream();
        var server = SlipwayServer.start(
                config,
                () -> Platforms.hostDefaults(HostExecutor.create()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                dispatch);
        return new TestServer(server, out.toString(StandardCharsets.UTF_8));
    }

    String admin() {
        return Http.basic(ADMIN, ADMIN_PASSWORD);
    }

    /** Creates a user through the admin API and returns a new token of theirs. */
    String userWithToken(String login) {
        var password = login + "-password";
        var created = http.post(
                "/api/v3/admin/users",
                "{\"login\":\"" + login + "\",\"password\":\"" + password + "\",\"email\":\"" + login
                        + "@example.com\"}",
                admin());
        if (created.status() != 201) {
            throw new AssertionError("cannot create " + login + ": " + created.body());
        }
        var token = http.post("/api/v3/user/tokens", "{\"name\":\"test\"}", Http.basic(login, password));
        if (token.status() != 201) {
            throw new AssertionError("cannot create a token for " + login + ": " + token.body());
        }
        return token.json().get("token").asText();
    }

    /**
     * Creates {@code owner/name} with {@code owner}'s {@code token}, commits {@code pathsAndContents} (path, content,
     * ...) in a new work tree at {@code work} (git's home beside it) and pushes it as {@code main}.
     */
    void pushNewRepository(String owner, String token, String name, Path work, String... pathsAndContents) {
        pushNew(false, owner, token, name, work, pathsAndContents);
    }

    /** As {@link #pushNewRepository}, the repository private. */
    void pushNewPrivateRepository(String owner, String token, String name, Path work, String... pathsAndContents) {
        pushNew(true, owner, token, name, work, pathsAndContents);
    }

    private void pushNew(
            boolean isPrivate, String owner, String token, String name, Path work, String... pathsAndContents) {
        var created = http.post(
                "/api/v3/user/repos", "{\"name\":\"" + name + "\",\"private\":" + isPrivate + "}", Http.token(token));
        if (created.status() != 201) {
            throw new AssertionError("cannot create " + owner + "/" + name + ": " + created.body());
        }
        var git = new dev.slipway.testing.GitCli(work.resolveSibling("home"));
        git.initAndCommit(work, pathsAndContents);
        git.run(work, "push", "-q", cloneUrl(owner + "/" + name, Optional.of(token)), "main")
                .ok();
    }

    /** The id of the user {@code auth} authenticates as. */
    long userId(String auth) {
        return http.get("/api/v3/user", auth).json().get("id").asLong();
    }

    /** Creates or replaces environment {@code name} of {@code fullName} with {@code rules} (JSON); returns its id. */
    long putEnvironment(String fullName, String name, String rules, String auth) {
        var put = http.put("/api/v3/repos/" + fullName + "/environments/" + name, rules, auth);
        if (put.status() != 200) {
            throw new AssertionError("cannot put environment " + name + ": " + put.body());
        }
        return put.json().get("id").asLong();
    }

    /** The logs of run {@code runId}'s jobs, by job name. */
    java.util.Map<String, String> jobLogs(String fullName, String auth, long runId) {
        var logs = new java.util.LinkedHashMap<String, String>();
        var jobs = http.get("/api/v3/repos/" + fullName + "/actions/runs/" + runId + "/jobs", auth)
                .json()
                .get("jobs");
        for (var job : jobs) {
            logs.put(
                    job.get("name").asText(),
                    http.get(
                                    "/api/v3/repos/" + fullName + "/actions/jobs/"
                                            + job.get("id").asLong() + "/logs",
                                    auth)
                            .body());
        }
        return logs;
    }

    /** The clone URL of a repository, with credentials in it when given. */
    String cloneUrl(String fullName, Optional<String> token) {
        var url = server.url();
        return token.map(t -> url.replace("http://", "http://x-token:" + t + "@"))
                        .orElse(url) + "/" + fullName + ".git";
    }

    /** Dispatches {@code workflowFile} of {@code fullName} on {@code main} and waits for the run to complete. */
    com.fasterxml.jackson.databind.JsonNode dispatchAndAwait(String fullName, String workflowFile, String auth) {
        var actions = "/api/v3/repos/" + fullName + "/actions";
        var dispatched = http.post(actions + "/workflows/" + workflowFile + "/dispatches", "{\"ref\":\"main\"}", auth);
        if (dispatched.status() != 204) {
            throw new AssertionError("cannot dispatch " + workflowFile + ": " + dispatched.body());
        }
        return awaitRun(actions + "/runs", auth, r -> r.get("status").asText().equals("completed"));
    }

    /**
     * Polls {@code runsPath} (a runs list, newest first) until its newest run satisfies {@code done}: a bounded wait
     * (3 minutes), not a timing assertion.
     */
    com.fasterxml.jackson.databind.JsonNode awaitRun(
            String runsPath, String auth, java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode> done) {
        var deadline = java.time.Instant.now().plus(java.time.Duration.ofMinutes(3));
        com.fasterxml.jackson.databind.JsonNode last = null;
        while (java.time.Instant.now().isBefore(deadline)) {
            var runs = http.get(runsPath, auth).json().get("workflow_runs");
            if (!runs.isEmpty()) {
                last = runs.get(0);
                if (done.test(last)) {
                    return last;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no run of " + runsPath + " got there; last seen: " + last);
    }

    @Override
    public void close() {
        server.stop();
    }
}
