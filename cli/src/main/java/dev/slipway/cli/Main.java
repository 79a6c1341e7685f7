package dev.slipway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slipway} command. */
@Command(
        name = "slipway",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Self-hosted software delivery: run GitHub Actions workflows locally and more.",
        subcommands = {
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
            SettingsCommands.Variable.class
        })
public final class Main implements Runnable {

    /** Exit code for bad input (a workflow that does not parse, an unknown option). */
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting (for tests). */
    public static int execute(String... args) {
        GitSetup.noSystemConfig();
        CommandLine cli = new CommandLine(new Main());
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
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
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
