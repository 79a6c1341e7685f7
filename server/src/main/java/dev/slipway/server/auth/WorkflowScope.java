package dev.slipway.server.auth;

import dev.slipway.git.FileChange;
import dev.slipway.git.HostedRepo;
import dev.slipway.git.Principal;
import dev.slipway.git.RefChange;
import dev.slipway.git.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GitHub's rule for personal access tokens and workflow files: a push made with a token that has scopes but not
 * {@code workflow} may not add, change or remove a workflow file ({@code .github/workflows/}, and Slipway's {@code
 * .slipway/workflows/}). Each ref is compared with where it was, a new one with where it left the default branch.
 */
public final class WorkflowScope {
    private static final List<String> DIRECTORIES = List.of(".github/workflows/", ".slipway/workflows/");
    private final Authenticator authenticator;

    public WorkflowScope(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The refs whose update would change a workflow file without the scope. */
    public List<Rejection> check(HostedRepo repo, Principal pusher, List<RefChange> changes) {
        if (pusher.credential().isEmpty() || GitAccess.isJob(pusher)) {
            return List.of();
        }
        var scopes = authenticator.scopesOf(Long.parseLong(pusher.credential()));
        if (scopes.isEmpty() || scopes.get().has("workflow")) {
            return List.of();
        }
        var out = new ArrayList<Rejection>();
        for (var change : changes) {
            if (change.type() == RefChange.Type.DELETE) {
                continue;
            }
            var touched = repo.changedFiles(base(repo, change), change.after()).stream()
                    .filter(WorkflowScope::isWorkflow)
                    .map(FileChange::path)
                    .findFirst();
            touched.ifPresent(path -> out.add(new Rejection(
                    change.ref(),
                    "this token lacks the 'workflow' scope, which a push that adds, changes or deletes a workflow"
                            + " file needs (" + path + ")")));
        }
        return out;
    }

    private static String base(HostedRepo repo, RefChange change) {
        if (change.type() != RefChange.Type.CREATE) {
            return change.before();
        }
        Optional<String> tip = repo.resolve("refs/heads/" + repo.defaultBranch());
        return tip.flatMap(t -> repo.merges().mergeBase(t, change.after())).orElse("");
    }

    private static boolean isWorkflow(FileChange change) {
        return DIRECTORIES.stream()
                .anyMatch(d -> change.path().startsWith(d)
                        || change.oldPath().map(p -> p.startsWith(d)).orElse(false));
    }
}
