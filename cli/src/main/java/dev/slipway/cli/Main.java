package dev.slipway.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code slipway} command. Its own command line is described to picocli by {@link #root} rather than by
 * annotations, as {@code run}'s is ({@link RunCommand}); the other subcommands use picocli's annotations.
 */
public final class Main implements Runnable {
    /**
     * The subcommands. picocli builds the model of every subcommand it is given (all its options, by reflection) when
     * the command line is made, which was a third of the main thread's time in a one-step {@code slipway run}, so
     * {@link #commandLine} adds only the one that is called when it can tell which.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            RunCommand.class,
            LintCommand.class,
            SelfTestCommand.class,
            ServerCommand.class,
            AgentCommand.class,
            AdminCommand.class,
            LoginCommand.class,
            RepoCommand.class,
            RunsCommand.class,
            SettingsCommands.Secret.class,
            SettingsCommands.Variable.class);

    private static final String NO_CLOSURES = "picocli.disable.closures";

    /** Exit code for bad input (a workflow that does not parse, an unknown option). */
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting (for tests). */
    public static int execute(String... args) {
        // picocli looks for Groovy's Closure class when it first makes an object; the miss makes the class loader read
        // the directory of the whole jar (some 22,000 entries) on the main thread (about 20 ms of a start). There is no
        // Groovy.
        if (System.getProperty(NO_CLOSURES) == null) {
            System.setProperty(NO_CLOSURES, "true");
        }
        Thread gitSetup = GitSetup.prepareInBackground();
        CommandLine cli = commandLine(args);
        cli.setExitCodeExceptionMapper(e -> EXIT_USAGE);
        cli.setExecutionExceptionHandler(new ErrorHandler());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("slipway: " + ex.getMessage());
            ex.getCommandLine()
                    .getErr()
                    .println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                            + " --help' for more information.");
            return EXIT_USAGE;
        });
        if (args.length > 0 && args[0].equals(RunCommand.NAME)) {
            // run waits for it only when it reads the repository, after its work that needs no JGit
            ((RunCommand) cli.getSubcommands().get(RunCommand.NAME).getCommand()).gitSetup = gitSetup;
        } else {
            GitSetup.await(gitSetup);
        }
        return cli.execute(args);
    }

    /** The command line with every subcommand, or only with the one that {@code args} call. */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(root());
        Optional<Class<?>> called = args.length == 0 ? Optional.empty() : subcommand(args[0]);
        if (called.isPresent()) {
            add(cli, called.get());
        } else {
            SUBCOMMANDS.forEach(c -> add(cli, c));
        }
        return cli;
    }

    private static void add(CommandLine cli, Class<?> subcommand) {
        if (subcommand == RunCommand.class) {
            cli.addSubcommand(RunCommand.NAME, new CommandLine(RunCommand.spec(new RunCommand())));
        } else {
            cli.addSubcommand(subcommand);
        }
    }

    /** {@code slipway} itself: its description, version and help options. */
    static CommandSpec root() {
        CommandSpec root = CommandSpec.wrapWithoutInspection(new Main());
        root.name("slipway");
        root.versionProvider(new Version());
        root.usageMessage()
                .description("Self-hosted software delivery: run GitHub Actions workflows locally and more.");
        standardHelpOptions(root);
        return root;
    }

    /** {@code -h}/{@code --help} and {@code -V}/{@code --version}, as picocli's {@code mixinStandardHelpOptions}. */
    static void standardHelpOptions(CommandSpec spec) {
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .description("Show this help message and exit.")
                .type(boolean.class)
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .description("Print version information and exit.")
                .type(boolean.class)
                .build());
    }

    private static Optional<Class<?>> subcommand(String name) {
        if (name.equals(RunCommand.NAME)) {
            return Optional.of(RunCommand.class); // without reading its annotation: it has none
        }
        for (Class<?> c : SUBCOMMANDS) {
            Command command = c.getAnnotation(Command.class);
            if (command != null
                    && (command.name().equals(name)
                            || Arrays.asList(command.aliases()).contains(name))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"slipway " + (v == null ? "dev" : v)};
        }
    }
}
