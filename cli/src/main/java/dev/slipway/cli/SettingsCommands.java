package dev.slipway.cli;

import dev.slipway.common.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway secret ...} and {@code slipway variable ...}: a repository's actions secrets and variables. */
final class SettingsCommands {
    private SettingsCommands() {}

    /** {@code slipway secret}. */
    @Command(
            name = "secret",
            mixinStandardHelpOptions = true,
            description = "Actions secrets of a repository (write-only: values are never shown).",
            subcommands = {SecretSet.class, SecretList.class, SecretDelete.class})
    static final class Secret implements Runnable {
        @Override
        public void run() {
            new picocli.CommandLine(this).usage(System.out);
        }
    }

    /** {@code slipway variable}. */
    @Command(
            name = "variable",
            mixinStandardHelpOptions = true,
            description = "Actions configuration variables of a repository (the vars context).",
            subcommands = {VariableSet.class, VariableList.class, VariableDelete.class})
    static final class Variable implements Runnable {
        @Override
        public void run() {
            new picocli.CommandLine(this).usage(System.out);
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = "Create or replace a secret; the value comes from --body or standard input.")
    static final class SecretSet extends RunsCommand.Target implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name = "";

        @Option(
                names = {"-b", "--body"},
                paramLabel = "VALUE",
                description = "The value (else read from stdin).")
        @Nullable
        String body;

        @Override
        public Integer call() throws IOException {
            var value = body != null ? body : stdin();
            remote.client().put(actions() + "/secrets/" + name, Map.of("data", value));
            System.out.println(
                    "Set secret " + name.toUpperCase(java.util.Locale.ROOT) + " of " + RemoteOptions.repo(repo));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Names and dates of the secrets.")
    static final class SecretList extends RunsCommand.Target implements Callable<Integer> {
        @Override
        public Integer call() {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "UPDATED"});
            remote.client()
                    .get(actions() + "/secrets")
                    .path("secrets")
                    .forEach(s -> rows.add(new String[] {
                        s.path("name").asText(), s.path("updated_at").asText()
                    }));
            RunsCommand.print(rows);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a secret.")
    static final class SecretDelete extends RunsCommand.Target implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name = "";

        @Override
        public Integer call() {
            remote.client().delete(actions() + "/secrets/" + name);
            System.out.println("Deleted secret " + name.toUpperCase(java.util.Locale.ROOT));
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Create or change a variable.")
    static final class VariableSet extends RunsCommand.Target implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name = "";

        @Parameters(index = "1", paramLabel = "VALUE", arity = "0..1", description = "The value (else from stdin).")
        @Nullable
        String value;

        @Override
        public Integer call() throws IOException {
            var text = value != null ? value : stdin();
            var client = remote.client();
            var path = actions() + "/variables";
            try {
                client.patch(path + "/" + name, Map.of("value", text));
            } catch (UserError e) {
                if (!e.getMessage().startsWith("not found")) {
                    throw e;
                }
                client.post(path, Map.of("name", name, "value", text));
            }
            System.out.println(
                    "Set variable " + name.toUpperCase(java.util.Locale.ROOT) + " of " + RemoteOptions.repo(repo));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The variables and their values.")
    static final class VariableList extends RunsCommand.Target implements Callable<Integer> {
        @Override
        public Integer call() {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "VALUE", "UPDATED"});
            remote.client()
                    .get(actions() + "/variables")
                    .path("variables")
                    .forEach(v -> rows.add(new String[] {
                        v.path("name").asText(),
                        v.path("value").asText(),
                        v.path("updated_at").asText()
                    }));
            RunsCommand.print(rows);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a variable.")
    static final class VariableDelete extends RunsCommand.Target implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name = "";

        @Override
        public Integer call() {
            remote.client().delete(actions() + "/variables/" + name);
            System.out.println("Deleted variable " + name.toUpperCase(java.util.Locale.ROOT));
            return 0;
        }
    }

    private static String stdin() throws IOException {
        var text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new UserError("no value: give it as an argument or on standard input");
        }
        return text;
    }
}
