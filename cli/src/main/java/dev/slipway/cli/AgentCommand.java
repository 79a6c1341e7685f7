package dev.slipway.cli;

import dev.slipway.actions.ActionSource;
import dev.slipway.agent.Agent;
import dev.slipway.agent.HttpChannel;
import dev.slipway.agent.RemoteSetup;
import dev.slipway.common.UserError;
import dev.slipway.protocol.AgentChannel;
import dev.slipway.run.Platforms;
import dev.slipway.runtime.RuntimeOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway agent}: takes jobs from a server and runs them on this machine, until Ctrl-C (or one job). */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        description = {
            "Run jobs of a Slipway server on this machine: the jobs whose runs-on labels this agent has.",
            "Register once with a registration token (POST /api/v3/admin/runners/registration-token); the agent then"
                    + " keeps its own credential in its work directory."
        })
final class AgentCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofSeconds(30);
    private static final String CREDENTIAL_FILE = "credential";

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The server's URL.")
    String server = "";

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "A registration token (slr_...) to register with, or the agent's credential (sla_...).")
    @Nullable
    String token;

    @Option(
            names = "--labels",
            split = ",",
            paramLabel = "LABEL",
            description = "Labels this agent takes jobs for (default: the usual Linux labels, e.g. ubuntu-latest).")
    List<String> labels = List.of();

    @Option(names = "--capacity", paramLabel = "N", description = "How many jobs run at once (default 1).")
    int capacity = 1;

    @Option(names = "--name", paramLabel = "NAME", description = "The agent's name (default: the host name).")
    @Nullable
    String name;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where the credential, repository mirrors and job workspaces go (default ./slipway-agent).")
    Path workDir = Path.of("slipway-agent");

    @Option(
            names = "--action-source",
            paramLabel = "DIR|URL",
            description = "Where jobs find the actions they name (a directory mirroring actions, or a git base URL);"
                    + " repeatable (default: SLIPWAY_ACTION_SOURCE, comma-separated, and <dir>/action-mirror).")
    List<String> actionSources = new ArrayList<>();

    @Option(names = "--once", description = "Take one job, run it, then exit (ephemeral agent).")
    boolean once;

    @Override
    public Integer call() throws IOException {
        if (capacity < 1) {
            throw new UserError("--capacity must be at least 1, not " + capacity);
        }
        var dir = workDir.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        var builder = LocalExecutors.platforms();
        Set<String> wanted = new LinkedHashSet<>();
        for (var label : labels.isEmpty() ? Platforms.DEFAULT_HOST_LABELS : labels) {
            var l = label.strip().toLowerCase(Locale.ROOT);
            if (l.isEmpty()) {
                throw new UserError("--labels has an empty label");
            }
            wanted.add(l);
            if (!Platforms.DEFAULT_HOST_LABELS.contains(l)) {
                builder.map(l, "host");
            }
        }
        var credential = credential(dir, wanted);
        var channel = new HttpChannel(server, credential);
        // Slipway's own actions (slipway/rollout) first, as the server's embedded agent has them
        var locations = new java.util.ArrayList<String>();
        locations.add(dev.slipway.server.SlipwayActions.install(dir).toString());
        locations.addAll(
                actionSources.isEmpty() ? ActionSource.split(System.getenv("SLIPWAY_ACTION_SOURCE")) : actionSources);
        var source = ActionSource.inHome(locations, dir);
        var runtime =
                RuntimeOptions.defaults().withRunnerName(agentName()).withActions(source::resolve, source.describe());
        var agent = new Agent(
                channel,
                builder.build(),
                new RemoteSetup(server, dir.resolve("repos"), runtime),
                dir,
                new Agent.Options(wanted, capacity, once, POLL),
                notice -> System.err.println(Instant.now() + " " + notice));
        if (!ShutdownHooks.add(new Thread(
                () -> {
                    agent.cancelAll();
                    agent.awaitJobs(Duration.ofSeconds(20));
                },
                "slipway-agent-stop"))) {
            return 0; // stopped before it took a job
        }
        System.out.println(
                "Slipway agent " + agentName() + " taking jobs for " + String.join(", ", wanted) + " from " + server);
        agent.run();
        return 0;
    }

    private String credential(Path dir, Set<String> wanted) throws IOException {
        var file = dir.resolve(CREDENTIAL_FILE);
        if (token != null && token.startsWith("sla_")) {
            return token;
        }
        if (token != null) {
            String credential;
            try {
                credential = HttpChannel.register(
                        server, token, agentName(), wanted, capacity, new Main.Version().getVersion()[0]);
            } catch (AgentChannel.ChannelException e) {
                throw new UserError("cannot register with " + server + ": " + e.getMessage());
            }
            Files.writeString(file, credential, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions protect it
            }
            return credential;
        }
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        throw new UserError("this agent is not registered yet: pass --token with a registration token from "
                + "POST /api/v3/admin/runners/registration-token");
    }

    private String agentName() {
        if (name != null) {
            return name;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "agent";
        }
    }
}
