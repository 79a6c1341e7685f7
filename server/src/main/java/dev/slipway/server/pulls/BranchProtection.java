package dev.slipway.server.pulls;

import dev.slipway.git.HostedRepo;
import dev.slipway.git.Principal;
import dev.slipway.git.ReceiveRules;
import dev.slipway.git.RefChange;
import dev.slipway.git.Rejection;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Protection;
import dev.slipway.server.store.Repo;
import dev.slipway.server.store.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Enforces branch protection when git receives a push: deleting, force-pushing, pushing directly where a pull request
 * is required, pushing commits whose required checks have not passed, and merge commits where history must be linear.
 * An administrator may go past a rule that does not enforce admins; the push goes through, is recorded in the audit
 * log, and git tells them so.
 */
public final class BranchProtection implements ReceiveRules {
    private final Database db;
    private final Permissions permissions;
    private final Supplier<String> webBase;

    /** @param webBase the server's URL for links in messages, e.g. {@code http://host:8080} (known once listening) */
    public BranchProtection(Database db, Permissions permissions, Supplier<String> webBase) {
        this.db = db;
        this.permissions = permissions;
        this.webBase = webBase;
    }

    @Override
    public List<Rejection> check(HostedRepo repo, Principal pusher, List<RefChange> changes) {
        return check(repo, pusher, changes, m -> {});
    }

    @Override
    public List<Rejection> check(HostedRepo git, Principal pusher, List<RefChange> changes, Consumer<String> notices) {
        var repo = db.repos().find(git.repo().owner(), git.repo().name());
        if (repo.isEmpty()) {
            return List.of();
        }
        var rules = db.protections().list(repo.get().id());
        if (rules.isEmpty()) {
            return List.of();
        }
        var rejections = new ArrayList<Rejection>();
        for (RefChange change : changes) {
            if (!change.isBranch()) {
                continue;
            }
            var rule = Rules.forBranch(rules, change.shortName());
            if (rule.isEmpty()) {
                continue;
            }
            var broken = broken(git, repo.get(), rule.get(), change);
            if (broken.isEmpty()) {
                continue;
            }
            if (mayBypass(repo.get(), pusher, rule.get())) {
                db.protections()
                        .recordBypass(
                                repo.get().id(),
                                change.ref(),
                                rule.get().pattern(),
                                pusher.login(),
                                String.join("; ", broken),
                                change.before(),
                                change.after());
                notices.accept("Bypassed rule violations for " + change.ref() + " (admin bypass, recorded in the"
                        + " audit log):");
                broken.forEach(b -> notices.accept("- " + b));
                continue;
            }
            notices.accept("error: branch '" + change.shortName() + "' is protected by rule '"
                    + rule.get().pattern() + "':");
            broken.forEach(b -> notices.accept("- " + b));
            hint(repo.get(), change, rule.get()).ifPresent(notices);
            rejections.add(Rejection.of(change.ref(), "protected branch: " + broken.getFirst()));
        }
        return rejections;
    }

    private List<String> broken(HostedRepo git, Repo repo, Protection rule, RefChange change) {
        var r = rule.rules();
        var broken = new ArrayList<String>();
        var branch = change.shortName();
        switch (change.type()) {
            case DELETE -> {
                if (!r.allowDeletions()) {
                    broken.add("deleting branch '" + branch + "' is not allowed");
                }
                return broken;
            }
            case FORCE -> {
                if (!r.allowForcePushes()) {
                    broken.add("force-pushing to branch '" + branch + "' is not allowed");
                }
            }
            case CREATE, UPDATE -> {}
        }
        if (change.type() != RefChange.Type.CREATE && r.requirePullRequest()) {
            broken.add("changes must be made through a pull request");
        }
        if (!r.requiredChecks().isEmpty() && !r.requirePullRequest()) {
            var problems =
                    RequiredChecks.problems(RequiredChecks.of(db, repo.id(), change.after(), r.requiredChecks()));
            if (!problems.isEmpty()) {
                broken.add("required status checks have not passed on "
                        + change.after().substring(0, 7) + ": " + String.join(", ", problems));
            }
        }
        if (r.requireLinearHistory()) {
            Optional<String> from =
                    change.type() == RefChange.Type.UPDATE ? Optional.of(change.before()) : Optional.empty();
            if (git.merges().hasMergeCommits(from, change.after())) {
                broken.add("merge commits are not allowed (the branch requires a linear history)");
            }
        }
        return broken;
    }

    private Optional<String> hint(Repo repo, RefChange change, Protection rule) {
        if (rule.rules().requirePullRequest() && change.type() != RefChange.Type.DELETE) {
            return Optional.of("Push your commits to another branch and open a pull request: "
                    + webBase.get().replaceAll("/+$", "") + "/" + repo.fullName() + "/compare/" + change.shortName());
        }
        return Optional.empty();
    }

    private boolean mayBypass(Repo repo, Principal pusher, Protection rule) {
        if (rule.rules().enforceAdmins()) {
            return false;
        }
        var user = db.users().findByLogin(pusher.login());
        return permissions.role(user, repo).map(r -> r == Role.ADMIN).orElse(false);
    }
}
