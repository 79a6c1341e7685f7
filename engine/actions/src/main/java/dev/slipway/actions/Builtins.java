package dev.slipway.actions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The set of actions Slipway runs in-process, looked up by {@code uses:}. */
public final class Builtins {
    private final Map<String, BuiltinAction> byRef;

    private Builtins(List<BuiltinAction> actions) {
        this.byRef = actions.stream().collect(Collectors.toUnmodifiableMap(BuiltinAction::ref, Function.identity()));
    }

    /**
     * {@code actions/checkout}, {@code actions/upload-artifact}, {@code actions/download-artifact},
     * {@code actions/cache}, {@code actions/cache/restore} and {@code actions/cache/save} over the given stores, and
     * {@code actions/setup-python}, {@code actions/setup-node}, {@code actions/setup-java} and {@code actions/setup-go}
     * over this machine's
     * installed toolchains.
     */
    public static Builtins standard(ArtifactStore artifacts, CacheStore caches) {
        // the server's and agents': a submodule's URL is not followed (a path could reach another owner's repository)
        return standard(new Checkout(), artifacts, caches);
    }

    /**
     * The {@link #standard} built-ins for {@code slipway run}: {@code actions/checkout} also tells {@code workingTree}
     * of each checkout, and checks other repositories ({@code repository: owner/name}) out of {@code actions}, the
     * action source, where it holds them as git repositories, and submodules from where their URLs lead.
     */
    public static Builtins standard(
            ArtifactStore artifacts, CacheStore caches, WorkingTree workingTree, Optional<ActionSource> actions) {
        return standard(new Checkout(workingTree, actions), artifacts, caches);
    }

    private static Builtins standard(Checkout checkout, ArtifactStore artifacts, CacheStore caches) {
        return new Builtins(List.of(
                checkout,
                new UploadArtifact(artifacts),
                new DownloadArtifact(artifacts),
                new CacheAction(caches, CacheAction.Mode.FULL),
                new CacheAction(caches, CacheAction.Mode.RESTORE),
                new CacheAction(caches, CacheAction.Mode.SAVE),
                new SetupPython(),
                new SetupNode(),
                new SetupJava(),
                new SetupGo()));
    }

    /**
     * {@code actions/checkout} for a job of the server: another repository ({@code repository: owner/name}) and
     * submodules on the same server are fetched from it with the job's token or the {@code token} input ({@link
     * HostedRepositories}). The server and its agents put it in place of {@link #standard}'s for each job.
     */
    public static BuiltinAction checkout(HostedRepositories hosted) {
        return new Checkout(hosted);
    }

    /**
     * The built-in for {@code uses} such as {@code actions/checkout@v4} or {@code actions/cache/restore@v4}: any ref,
     * owner and repository case-insensitive; empty if it is not a built-in.
     */
    public Optional<BuiltinAction> find(String uses) {
        return ActionRef.parse(uses).map(ActionRef::name).map(byRef::get);
    }

    /** The refs ({@code owner/repo[/path]}) of all built-ins. */
    public List<String> refs() {
        return byRef.keySet().stream().sorted().toList();
    }
}
