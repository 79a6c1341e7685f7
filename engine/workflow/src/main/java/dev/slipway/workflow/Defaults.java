package dev.slipway.workflow;

import java.util.Optional;

/** {@code defaults.run}: the default shell and working directory of {@code run} steps. */
public record Defaults(Optional<String> shell, Optional<String> workingDirectory) {
    public static final Defaults NONE = new Defaults(Optional.empty(), Optional.empty());

    /** These defaults, with gaps filled from {@code outer} (job defaults over workflow defaults). */
    public Defaults orElse(Defaults outer) {
        return new Defaults(
                shell.isPresent() ? shell : outer.shell,
                workingDirectory.isPresent() ? workingDirectory : outer.workingDirectory);
    }
}
