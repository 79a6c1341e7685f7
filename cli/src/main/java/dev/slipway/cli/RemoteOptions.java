package dev.slipway.cli;

import dev.slipway.common.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the API verbs find the server and their credentials: {@code --server}/{@code --token}, else {@code
 * SLIPWAY_SERVER}/{@code SLIPWAY_TOKEN}, else what {@code slipway login} stored in {@code ~/.config/slipway/login}
 * (or {@code $XDG_CONFIG_HOME/slipway/login}), else {@code http://127.0.0.1:8080} without a token.
 */
final class RemoteOptions {
    static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    @Option(
            names = "--server",
            paramLabel = "URL",
            description =
                    "The Slipway server (default: $SLIPWAY_SERVER, `slipway login`, else " + DEFAULT_SERVER + ").")
    @Nullable
    String server;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "A personal access token (default: $SLIPWAY_TOKEN, else the one `slipway login` stored).")
    @Nullable
    String token;

    ApiClient client() {
        var stored = load();
        var url = first(server, System.getenv("SLIPWAY_SERVER"), stored.getProperty("server"))
                .orElse(DEFAULT_SERVER);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new UserError("--server must be an http:// or https:// URL, not '" + url + "'");
        }
        var secret = first(
                token,
                System.getenv("SLIPWAY_TOKEN"),
                url.equals(stored.getProperty("server")) ? stored.getProperty("token") : null);
        return ApiClient.withToken(url, secret);
    }

    private static Optional<String> first(@Nullable String... values) {
        for (var v : values) {
            if (v != null && !v.isBlank()) {
                return Optional.of(v.strip());
            }
        }
        return Optional.empty();
    }

    /** The file {@code slipway login} writes. */
    static Path loginFile() {
        var override = System.getProperty("slipway.config");
        if (override != null) {
            return Path.of(override).resolve("login");
        }
        var xdg = System.getenv("XDG_CONFIG_HOME");
        var base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("slipway").resolve("login");
    }

    static Properties load() {
        var props = new Properties();
        var file = loginFile();
        if (Files.isRegularFile(file)) {
            try (var in = Files.newBufferedReader(file)) {
                props.load(in);
            } catch (IOException e) {
                throw new UserError("cannot read " + file + ": " + e.getMessage());
            }
        }
        return props;
    }

    /** Stores a server and token, readable by the owner only. */
    static Path store(String server, String token) {
        var file = loginFile();
        var props = new Properties();
        props.setProperty("server", server);
        props.setProperty("token", token);
        try {
            Files.createDirectories(file.getParent());
            var tmp = file.resolveSibling("login.tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            try (var out = Files.newBufferedWriter(tmp)) {
                props.store(out, "slipway login");
            }
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** {@code owner/name} from {@code --repo}, else from the {@code origin} remote of the current git repository. */
    static String repo(@Nullable String option) {
        var value = option;
        if (value == null) {
            value = LocalGit.originRepo(Path.of(""))
                    .orElseThrow(
                            () -> new UserError(
                                    "--repo OWNER/NAME is required (the current directory has no origin remote to take it from)"));
        }
        if (!value.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw new UserError("--repo must be OWNER/NAME, not '" + value + "'");
        }
        return value;
    }
}
