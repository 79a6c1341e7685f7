package dev.slipway.cli;

import dev.slipway.common.UserError;
import dev.slipway.server.ServerConfig;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.StoreException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway admin ...}: administration on the server's database, while the server is stopped (for H2). */
@Command(
        name = "admin",
        mixinStandardHelpOptions = true,
        description = "Administer a Slipway server's data.",
        subcommands = {AdminCommand.CreateUser.class})
final class AdminCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code slipway admin create-user LOGIN [--admin] [--password-stdin]}. */
    @Command(
            name = "create-user",
            mixinStandardHelpOptions = true,
            description = "Create a user. The password is asked for on the terminal, or read from standard input.")
    static final class CreateUser implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "LOGIN", description = "The new user's login.")
        String login = "";

        @Option(names = "--admin", description = "Make the user a site administrator.")
        boolean admin;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--email", paramLabel = "ADDRESS", description = "The user's e-mail address.")
        String email = "";

        @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ./slipway-data).")
        @Nullable
        Path data;

        @Option(names = "--database", paramLabel = "URL", description = "postgresql://... (default: H2 in DIR).")
        @Nullable
        String database;

        @Override
        public Integer call() {
            var password = password();
            if (password.length() < 8) {
                throw new UserError("the password must have at least 8 characters");
            }
            var config = ServerConfig.fromEnv(System.getenv());
            if (data != null) {
                config = config.withDataDir(data);
            }
            if (database != null) {
                config = config.withDatabase(database);
            }
            try (var db = Database.open(config.databaseLocation())) {
                db.users().create(login, email, login, password, admin);
            } catch (StoreException | IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            System.out.println("Created " + (admin ? "administrator " : "user ") + login + ".");
            return 0;
        }

        private String password() {
            if (passwordStdin) {
                try {
                    var line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                    if (line == null || line.isEmpty()) {
                        throw new UserError("no password on standard input");
                    }
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            var console = System.console();
            if (console == null) {
                throw new UserError("no terminal to ask for the password: use --password-stdin");
            }
            var first = console.readPassword("Password for %s: ", login);
            var second = console.readPassword("Repeat the password: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new UserError("the passwords differ");
            }
            return new String(first);
        }
    }
}
