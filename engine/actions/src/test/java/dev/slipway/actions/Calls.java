package dev.slipway.actions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link BuiltinCall}s for tests and collects their log. */
final class Calls {
    final List<String> log = new ArrayList<>();
    final Map<String, String> env = new HashMap<>();
    final Path workspace;
    final Path repoRoot;

    Calls(Path workspace, Path repoRoot) {
        this.workspace = workspace;
        this.repoRoot = repoRoot;
        env.put("GITHUB_REPOSITORY", "acme/app");
        env.put("GITHUB_RUN_ID", "100");
        env.put("GITHUB_REF", "refs/heads/main");
        env.put("GITHUB_WORKSPACE", workspace.toString());
    }

    BuiltinCall call(Map<String, String> inputs) {
        return call(inputs, Map.of());
    }

    BuiltinCall call(Map<String, String> inputs, Map<String, String> state) {
        return new BuiltinCall(inputs, workspace, env, repoRoot, state, log::add);
    }
}
