package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/**
 * A fluent builder for temporary git repositories in tests, backed by JGit.
 *
 * <p>Author and committer are fixed ({@link #AUTHOR}) and every commit is dated one minute after the previous one,
 * starting at {@link #EPOCH}, so the same sequence of calls always produces the same commit ids. The initial branch is
 * {@code main}. Example:
 *
 * <pre>{@code
 * try (TestRepo repo = TestRepo.init(tmp)) {
 *     String first = repo.file("README.md", "hi").commit("first");
 *     repo.branch("feature").checkout("feature").executable("run.sh", "#!/bin/sh\n").commit("script");
 *     repo.tag("v1");
 * }
 * }</pre>
 */
public final class TestRepo implements AutoCloseable {
    /** Name and e-mail of every commit's author and committer. */
    public static final String AUTHOR = "Slipway Test";

    /** E-mail of every commit's author and committer. */
    public static final String EMAIL = "test@slipway.dev";

    /** Date of the first commit; each later commit is one minute later. */
    public static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private final Git git;
    private final Path dir;
    private int commits;

    private TestRepo(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    /** Creates a repository with a work tree in {@code dir} (created if missing), on branch {@code main}. */
    public static TestRepo init(Path dir) {
        try {
            Files.createDirectories(dir);
            Git git = Git.init()
                    .setDirectory(dir.toFile())
                    .setInitialBranch("main")
                    .call();
            StoredConfig config = git.getRepository().getConfig();
            config.setBoolean("commit", null, "gpgsign", false);
            config.setBoolean("tag", null, "gpgsign", false);
            config.setBoolean("core", null, "filemode", true);
            config.save();
            return new TestRepo(git, dir.toAbsolutePath());
        } catch (GitAPIException | IOException e) {
            throw new IllegalStateException("cannot init test repository in " + dir, e);
        }
    }

    /**
     * Writes {@code content} (UTF-8) to {@code path} relative to the work tree, creating parents; the next
     * {@link #commit} stages it.
     */
    public TestRepo file(String path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Writes raw bytes to {@code path}; the next {@link #commit} stages it. */
    public TestRepo file(String path, byte[] content) {
        return write(path, content, false);
    }

    /** Like {@link #file(String, String)} but marks the file executable (mode 100755 in git). */
    public TestRepo executable(String path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Deletes {@code path} (a file or a directory tree) from the work tree; the next {@link #commit} stages the removal. */
    public TestRepo delete(String path) {
        try {
            Path target = resolve(path);
            if (Files.isDirectory(target)) {
                try (var walk = Files.walk(target)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            } else {
                Files.deleteIfExists(target);
            }
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + path, e);
        }
    }

    /**
     * Stages every change in the work tree (like {@code git add -A}), commits (an empty commit if nothing changed) and
     * returns the new commit id.
     */
    public String commit(String message) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            PersonIdent ident = nextIdent();
            return git.commit()
                    .setMessage(message)
                    .setAuthor(ident)
                    .setCommitter(ident)
                    .setAllowEmpty(true)
                    .setSign(false)
                    .call()
                    .name();
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit " + message, e);
        }
    }

    /** Creates branch {@code name} at HEAD without switching to it. */
    public TestRepo branch(String name) {
        try {
            git.branchCreate().setName(name).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot create branch " + name, e);
        }
    }

    /** Switches to a branch, or detaches HEAD at a tag or commit id. */
    public TestRepo checkout(String name) {
        try {
            git.checkout().setName(name).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot check out " + name, e);
        }
    }

    /** Creates the lightweight tag {@code name} at HEAD. */
    public TestRepo tag(String name) {
        try {
            git.tag().setName(name).setAnnotated(false).call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot tag " + name, e);
        }
    }

    /** Creates the annotated tag {@code name} at HEAD with {@code message}. */
    public TestRepo annotatedTag(String name, String message) {
        try {
            git.tag()
                    .setName(name)
                    .setMessage(message)
                    .setTagger(nextIdent())
                    .setSigned(false)
                    .setAnnotated(true)
                    .call();
            return this;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot tag " + name, e);
        }
    }

    /** The commit id HEAD points at; fails if there is no commit yet. */
    public String head() {
        try {
            ObjectId id = git.getRepository().resolve(Constants.HEAD);
            if (id == null) {
                throw new IllegalStateException("no commit yet in " + dir);
            }
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The current branch name, or the commit id when HEAD is detached. */
    public String currentBranch() {
        try {
            return git.getRepository().getBranch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The work tree directory (absolute). */
    public Path dir() {
        return dir;
    }

    /** The {@code .git} directory. */
    public Path gitDir() {
        return git.getRepository().getDirectory().toPath();
    }

    /** The underlying JGit repository, for assertions this builder does not cover. */
    public Repository repository() {
        return git.getRepository();
    }

    /** Clones this repository as a bare repository into {@code target}, with all branches and tags. */
    public Path cloneBare(Path target) {
        try (Git clone = Git.cloneRepository()
                .setURI(dir.toUri().toString())
                .setDirectory(target.toFile())
                .setBare(true)
                .setCloneAllBranches(true)
                .call()) {
            return target.toAbsolutePath();
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot clone " + dir + " to " + target, e);
        }
    }

    @Override
    public void close() {
        git.close();
    }

    private TestRepo write(String path, byte[] content, boolean executable) {
        try {
            Path target = resolve(path);
            Files.createDirectories(target.getParent());
            Files.write(target, content);
            if (executable) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(target);
                perms.add(PosixFilePermission.OWNER_EXECUTE);
                perms.add(PosixFilePermission.GROUP_EXECUTE);
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(target, perms);
            }
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + path, e);
        }
    }

    private Path resolve(String path) {
        Path target = dir.resolve(path).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
            throw new IllegalArgumentException("path outside the work tree: " + path);
        }
        return target;
    }

    private PersonIdent nextIdent() {
        Instant when = EPOCH.plusSeconds(60L * commits++);
        return new PersonIdent(AUTHOR, EMAIL, when, ZoneOffset.UTC);
    }
}
