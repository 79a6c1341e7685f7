package dev.slipway.cli;

import dev.slipway.common.UserError;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slipway login}: checks a server URL and token and stores them for the other API verbs. */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        description = {
            "Check a personal access token against a Slipway server and store both (owner-readable only) in"
                    + " ~/.config/slipway/login for `slipway repo`, `runs`, `secret` and `variable`.",
            "Create a token on the web UI's Tokens page (/-/tokens) or with POST /api/v3/user/tokens."
        })
final class LoginCommand implements Callable<Integer> {
    @Mixin
    RemoteOptions remote = new RemoteOptions();

    @Option(names = "--token-stdin", description = "Read the token from the first line of standard input.")
    boolean tokenStdin;

    @Override
    public Integer call() throws Exception {
        if (tokenStdin) {
            var line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isBlank()) {
                throw new UserError("--token-stdin: standard input has no token");
            }
            remote.token = line.strip();
        }
        if (remote.token == null && System.getenv("SLIPWAY_TOKEN") == null) {
            throw new UserError("give the token with --token TOKEN, --token-stdin or SLIPWAY_TOKEN");
        }
        var client = remote.client();
        var me = client.get("/user");
        var token = remote.token != null ? remote.token : System.getenv("SLIPWAY_TOKEN");
        var file = RemoteOptions.store(client.server(), token);
        System.out.println(
                "Logged in to " + client.server() + " as " + me.path("login").asText() + " (saved in " + file + ")");
        return 0;
    }
}
