package dev.slipway.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway repo}: repositories on a server. */
@Command(
        name = "repo",
        mixinStandardHelpOptions = true,
        description = "Repositories on a Slipway server.",
        subcommands = {RepoCommand.Create.class})
final class RepoCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code slipway repo create NAME}. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a repository of yours.")
    static final class Create implements Callable<Integer> {
        @Mixin
        RemoteOptions remote = new RemoteOptions();

        @Parameters(paramLabel = "NAME", description = "The repository's name.")
        String name = "";

        @Option(names = "--private", description = "Only members can see it.")
        boolean isPrivate;

        @Option(names = "--description", paramLabel = "TEXT", description = "A one-line description.")
        String description = "";

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("private", isPrivate);
            body.put("description", description);
            var repo = remote.client().post("/user/repos", body);
            System.out.println("Created " + repo.path("full_name").asText() + (isPrivate ? " (private)" : ""));
            System.out.println("  clone: " + repo.path("clone_url").asText());
            System.out.println("  web:   " + repo.path("html_url").asText());
            return 0;
        }
    }
}
