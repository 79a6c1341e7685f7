package dev.slipway.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The command line of a {@code run:} step: GitHub's shell templates ({@code bash}, {@code sh}, {@code python},
 * {@code pwsh}, ...) or a custom template holding {@code {0}}, the path of the script file.
 *
 * @param words the template split into arguments, e.g. {@code [bash, --noprofile, --norc, -eo, pipefail, {0}]}
 * @param extension the script file's extension, e.g. {@code .sh}
 * @param prologue text written before the script (PowerShell's error preference)
 * @param epilogue text written after the script
 */
record ShellCommand(List<String> words, String extension, String prologue, String epilogue) {
    private static final String PWSH_PROLOGUE = "$ErrorActionPreference = 'stop'\n";
    private static final String PWSH_EPILOGUE =
            "\nif ((Test-Path -LiteralPath variable:\\LASTEXITCODE)) { exit $LASTEXITCODE }\n";

    /**
     * The default shell of a container job: {@code bash -e} when the image has bash, else {@code sh -e}, as GitHub
     * does; only the container can tell, so a small {@code sh} script decides there.
     */
    private static final List<String> CONTAINER_DEFAULT = List.of(
            "sh",
            "-c",
            "if command -v bash >/dev/null 2>&1; then exec bash -e \"$1\"; else exec sh -e \"$1\"; fi",
            "sh",
            "{0}");

    ShellCommand {
        words = List.copyOf(words);
    }

    /** The command for {@code shell} (empty: the default) on the host, or an error message for the user. */
    static Result resolve(Optional<String> shell, RuntimeOptions.ProgramLookup programs) {
        return resolve(shell, programs, false);
    }

    /**
     * The command for {@code shell} (empty: the default), or an error message for the user.
     *
     * @param inContainer the step runs in the job container: the host's programs say nothing about the image's, so
     *     none is looked up (a missing one fails when the step starts)
     */
    static Result resolve(Optional<String> shell, RuntimeOptions.ProgramLookup programs, boolean inContainer) {
        if (shell.isEmpty() || shell.get().isBlank()) {
            if (inContainer) {
                return new Result(Optional.of(new ShellCommand(CONTAINER_DEFAULT, ".sh", "", "")), Optional.empty());
            }
            return programs.find("bash").isPresent() ? ok("bash -e {0}", ".sh") : ok("sh -e {0}", ".sh");
        }
        return named(shell.get().strip(), inContainer ? Optional::of : programs);
    }

    private static Result named(String s, RuntimeOptions.ProgramLookup programs) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "bash" -> need(programs, "bash", ok("bash --noprofile --norc -eo pipefail {0}", ".sh"));
            case "sh" -> need(programs, "sh", ok("sh -e {0}", ".sh"));
            case "python" ->
                programs.find("python3").isPresent()
                        ? ok("python3 {0}", ".py")
                        : need(programs, "python", ok("python {0}", ".py"));
            case "pwsh" -> need(programs, "pwsh", pwsh("pwsh"));
            case "powershell" -> need(programs, "powershell", pwsh("powershell"));
            case "cmd" -> Result.error("shell 'cmd' is only available on Windows runners");
            default -> custom(s, programs);
        };
    }

    private static Result custom(String template, RuntimeOptions.ProgramLookup programs) {
        if (!template.contains("{0}")) {
            return Result.error("invalid shell '" + template
                    + "': a custom shell must be one of bash, sh, python, pwsh, powershell, or a command containing"
                    + " {0} for the script path, e.g. 'perl {0}'");
        }
        String program = template.split("\\s+")[0];
        String extension = program.startsWith("python") ? ".py" : program.startsWith("pwsh") ? ".ps1" : ".sh";
        return need(programs, program, ok(template, extension));
    }

    private static Result pwsh(String program) {
        return new Result(
                Optional.of(new ShellCommand(
                        words(program + " -command \". '{0}'\""), ".ps1", PWSH_PROLOGUE, PWSH_EPILOGUE)),
                Optional.empty());
    }

    private static Result need(RuntimeOptions.ProgramLookup programs, String program, Result result) {
        if (programs.find(program).isEmpty()) {
            return Result.error("shell '" + program + "' was not found on PATH; install it or choose another shell");
        }
        return result;
    }

    private static Result ok(String template, String extension) {
        return new Result(Optional.of(new ShellCommand(words(template), extension, "", "")), Optional.empty());
    }

    /** The command line with {@code {0}} replaced by {@code script}, split into arguments like GitHub does. */
    List<String> command(String script) {
        List<String> args = new ArrayList<>();
        for (String part : words) {
            args.add(part.replace("{0}", script));
        }
        return args;
    }

    /** Splits on spaces, keeping double-quoted parts together (without the quotes), like GitHub's runner. */
    static List<String> words(String line) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    parts.add(current.toString());
                    current.setLength(0);
                    any = false;
                }
            } else {
                current.append(c);
                any = true;
            }
        }
        if (any) {
            parts.add(current.toString());
        }
        return parts;
    }

    /** A shell command or why there is none. */
    record Result(Optional<ShellCommand> shell, Optional<String> error) {
        static Result error(String message) {
            return new Result(Optional.empty(), Optional.of(message));
        }
    }
}
