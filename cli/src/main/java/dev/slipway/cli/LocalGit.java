package dev.slipway.cli;

import dev.slipway.common.UserError;
import dev.slipway.plan.Events;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.jspecify.annotations.Nullable;

/**
 * What {@code slipway run} reads of the local repository to shape its event: HEAD, its branch, its parent, the files
 * it changed, the owner/name from the {@code origin} remote.
 *
 * @param ref {@code refs/heads/<branch>}, or {@code refs/heads/HEAD}-less detached form {@code HEAD}
 */
record LocalGit(
        Path root,
        String ref,
        String sha,
        String parentSha,
        String fullName,
        String defaultBranch,
        String actor,
        Events.Commit head,
        Optional<String> originServer) {

    /**
     * This repository as {@code --uncommitted} shows it to the jobs: HEAD's commit with the working tree's changes as
     * if committed, so that {@code paths} filters see them too (deleted files removed, new and untracked ones added,
     * the rest modified).
     */
    LocalGit withUncommitted(dev.slipway.actions.WorkingTree.Changes changes) {
        java.util.Set<String> added = new java.util.LinkedHashSet<>(head.added());
        java.util.Set<String> removed = new java.util.LinkedHashSet<>(head.removed());
        java.util.Set<String> modified = new java.util.LinkedHashSet<>(head.modified());
        for (var c : changes.changes()) {
            switch (c.status()) {
                case "D" -> removed.add(c.path());
                case "A", "??" -> added.add(c.path());
                default -> modified.add(c.path());
            }
        }
        Events.Commit commit = new Events.Commit(
                head.id(),
                head.treeId(),
                head.message(),
                head.timestamp(),
                head.authorName(),
                head.authorEmail(),
                List.copyOf(added),
                List.copyOf(removed),
                List.copyOf(modified));
        return new LocalGit(root, ref, sha, parentSha, fullName, defaultBranch, actor, commit, originServer);
    }

    /**
     * Opens the repository whose work tree is {@code root}: by the work tree, so that a linked work tree (`git worktree
     * add`, whose .git is a file) is read too.
     */
    static Repository open(Path root) throws IOException {
        return new FileRepositoryBuilder()
                .setWorkTree(root.toFile())
                .setMustExist(true)
                .build();
    }

    static LocalGit read(Path root) {
        try (Repository repo = open(root);
                RevWalk walk = new RevWalk(repo)) {
            String objectFormat = repo.getConfig().getString("extensions", null, "objectFormat");
            if (objectFormat != null && !objectFormat.equalsIgnoreCase("sha1")) {
                // JGit reads only SHA-1 object names; without this it fails with "Missing unknown <id>"
                throw new UserError("the repository at " + root + " uses " + objectFormat.toUpperCase(Locale.ROOT)
                        + " object names (extensions.objectFormat in .git/config), which slipway cannot read yet:"
                        + " only SHA-1 repositories are supported");
            }
            ObjectId headId = repo.resolve(Constants.HEAD);
            if (headId == null) {
                throw new UserError("the repository at " + root + " has no commit yet; commit your workflow first");
            }
            RevCommit head = walk.parseCommit(headId);
            String full = repo.getFullBranch();
            String ref = full != null && full.startsWith(Constants.R_HEADS) ? full : "refs/heads/main";
            String parent = head.getParentCount() > 0 ? head.getParent(0).name() : Events.ZERO_SHA;
            List<String> added = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            List<String> modified = new ArrayList<>();
            diff(repo, head, added, removed, modified);
            String actor = Optional.ofNullable(System.getenv("GITHUB_ACTOR"))
                    .or(() -> Optional.ofNullable(System.getProperty("user.name")))
                    .orElse("local");
            String when = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                    Instant.ofEpochSecond(head.getCommitTime()).atOffset(ZoneOffset.UTC));
            Events.Commit commit = new Events.Commit(
                    head.name(),
                    head.getTree().name(),
                    head.getFullMessage().strip(),
                    when,
                    head.getAuthorIdent().getName(),
                    head.getAuthorIdent().getEmailAddress(),
                    added,
                    removed,
                    modified);
            String remote = repo.getConfig().getString("remote", "origin", "url");
            return new LocalGit(
                    root,
                    ref,
                    head.name(),
                    parent,
                    fullName(remote, root),
                    defaultBranch(repo),
                    actor,
                    commit,
                    serverOf(remote));
        } catch (IOException e) {
            throw new UserError("cannot read the git repository at " + root + ": " + e.getMessage());
        }
    }

    private static void diff(
            Repository repo, RevCommit head, List<String> added, List<String> removed, List<String> modified)
            throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            CanonicalTreeParser newTree = new CanonicalTreeParser(null, reader, head.getTree());
            var oldTree = head.getParentCount() > 0
                    ? new CanonicalTreeParser(
                            null, reader, repo.parseCommit(head.getParent(0)).getTree())
                    : new EmptyTreeIterator();
            try (var df =
                    new org.eclipse.jgit.diff.DiffFormatter(org.eclipse.jgit.util.io.DisabledOutputStream.INSTANCE)) {
                df.setRepository(repo);
                for (DiffEntry e : df.scan(oldTree, newTree)) {
                    switch (e.getChangeType()) {
                        case ADD, COPY -> added.add(e.getNewPath());
                        case DELETE -> removed.add(e.getOldPath());
                        case MODIFY -> modified.add(e.getNewPath());
                        case RENAME -> {
                            removed.add(e.getOldPath());
                            added.add(e.getNewPath());
                        }
                    }
                }
            }
        }
    }

    /** {@code owner/name} of the {@code origin} remote of the git repository around {@code dir}, if any. */
    static Optional<String> originRepo(Path dir) {
        var builder =
                new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = builder.build()) {
            String remote = repo.getConfig().getString("remote", "origin", "url");
            return remote == null ? Optional.empty() : Optional.of(fullName(remote, dir));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The web address of the server a remote URL points at, as {@code github.server_url} gives it: {@code
     * https://github.com} for {@code git@github.com:owner/name.git} and {@code https://github.com/owner/name}, the
     * scheme and host (and port) of an http(s) URL, without credentials; empty for a path or {@code file:} URL.
     */
    static Optional<String> serverOf(@Nullable String remoteUrl) {
        if (remoteUrl == null || remoteUrl.isBlank()) {
            return Optional.empty();
        }
        String u = remoteUrl.strip();
        Matcher web = WEB_REMOTE.matcher(u);
        if (web.matches()) {
            return Optional.of(web.group(1).toLowerCase(Locale.ROOT) + "://" + web.group(2));
        }
        Matcher ssh = SSH_REMOTE.matcher(u);
        if (ssh.matches()) {
            return Optional.of("https://" + ssh.group(1));
        }
        Matcher scp = SCP_REMOTE.matcher(u);
        if (scp.matches() && !u.startsWith("/") && !u.startsWith(".")) {
            return Optional.of("https://" + scp.group(1));
        }
        return Optional.empty();
    }

    /** {@code http(s)://[user[:password]@]host[:port]/path}. */
    private static final Pattern WEB_REMOTE = Pattern.compile("(?i)(https?)://(?:[^@/]*@)?([^/]+)/.*");
    /** {@code ssh://[user@]host[:port]/path} and {@code git://host/path}. */
    private static final Pattern SSH_REMOTE = Pattern.compile("(?i)(?:ssh|git)://(?:[^@/]*@)?([^/:]+)(?::[0-9]+)?/.*");
    /** scp-like {@code [user@]host:path}: a host of two characters or more, not a Windows drive, then no slash. */
    private static final Pattern SCP_REMOTE = Pattern.compile("(?:[^@/:]+@)?([^/:]{2,}):(?!/).*");

    /** {@code owner/name} from a remote URL such as {@code git@host:owner/name.git}; else {@code local/<dir>}. */
    static String fullName(String remoteUrl, Path root) {
        if (remoteUrl != null) {
            String u = remoteUrl.replaceAll("\\.git/?$", "").replaceAll("/+$", "");
            String[] parts = u.split("[/:]");
            if (parts.length >= 2 && !parts[parts.length - 2].isBlank()) {
                return parts[parts.length - 2] + "/" + parts[parts.length - 1];
            }
        }
        Path name = root.getFileName();
        return "local/" + (name == null ? "repo" : name.toString());
    }

    private static String defaultBranch(Repository repo) throws IOException {
        var originHead = repo.exactRef("refs/remotes/origin/HEAD");
        if (originHead != null && originHead.isSymbolic()) {
            return Repository.shortenRefName(originHead.getTarget().getName()).replaceFirst("^origin/", "");
        }
        for (String b : List.of("main", "master")) {
            if (repo.exactRef(Constants.R_HEADS + b) != null) {
                return b;
            }
        }
        return "main";
    }

    String branch() {
        return ref.substring(Constants.R_HEADS.length());
    }
}
