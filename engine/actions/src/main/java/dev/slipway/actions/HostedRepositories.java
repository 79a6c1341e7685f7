package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The repositories of the Slipway server a job runs for, as {@code actions/checkout} reaches them on the server and
 * its agents: another repository ({@code repository: owner/name}) and submodules hosted on the same server are
 * fetched over git's HTTP protocol into bare mirrors, with the job's token ({@code github.token}, which reads the run's
 * repository and public ones, as {@code GITHUB_TOKEN} does) or the step's {@code token} input (a user's access token,
 * which reads what that user may). The server's own access rules decide; a repository the token cannot read is not
 * found. Thread-safe; one instance per job.
 */
public final class HostedRepositories {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final String serverUrl;
    private final String jobToken;
    private final Path mirrors;

    /**
     * @param serverUrl the server as this process reaches it ({@code http://host:port})
     * @param jobToken the job's token
     * @param mirrors where the mirrors are kept (shared by the jobs of one agent)
     */
    public HostedRepositories(String serverUrl, String jobToken, Path mirrors) {
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        this.jobToken = jobToken;
        this.mirrors = mirrors;
    }

    /** The server's base URL, without a final slash. */
    String serverUrl() {
        return serverUrl;
    }

    /** The clone URL of {@code owner/name} on the server. */
    String url(String owner, String name) {
        return serverUrl + "/" + owner + "/" + name + ".git";
    }

    /**
     * A bare mirror of {@code owner/name} fetched now from the server with {@code token} (the job's when empty); empty
     * when the server has no such repository or the token may not read it.
     *
     * @throws IOException when the server cannot be reached or git fails otherwise
     */
    Optional<Path> mirror(String owner, String name, Optional<String> token) throws IOException {
        return mirror(owner, name, token, Optional.empty());
    }

    /**
     * A bare mirror of the job's own repository {@code owner/name}, where a remote agent checks its jobs out from:
     * fetched with the job's token, unless the mirror holds {@code commit} already.
     *
     * @throws IOException when the server does not give it
     */
    public Path jobRepository(String owner, String name, Optional<ObjectId> commit) throws IOException {
        return mirror(owner, name, Optional.empty(), commit)
                .orElseThrow(() -> new IOException(
                        "cannot fetch " + url(owner, name) + ": not found, or the job's token may not read it"));
    }

    /**
     * The directory of the action {@code ref} ({@code uses: owner/repo[/path]@ref}) in its repository on the server, as
     * the job's token reads it (the job's own repository and public ones, never another private one), materialized by
     * {@code cache}: for an action that no action source has, as Gitea's and Forgejo's jobs use the actions their
     * server hosts.
     *
     * @param tried the locations tried before the server, for the message when the server has it neither
     * @throws ActionException when the server has no such repository the job may read, or it lacks the ref or the action
     *     file, or it cannot be fetched
     */
    public Path action(ActionRef ref, ActionSource cache, String tried) throws ActionException {
        String repository = ref.owner() + "/" + ref.repo();
        Optional<Path> mirror;
        try {
            mirror = mirror(ref.owner(), ref.repo(), Optional.empty());
        } catch (IOException e) {
            throw new ActionException("action " + ref + ": " + e.getMessage(), e);
        }
        if (mirror.isEmpty()) {
            // the server answers alike for a repository that is not there and one the token may not read
            throw new ActionException("action " + ref + " not found; locations tried: " + tried
                    + ", then the server's repository " + repository + ", which does not exist or is private (a job"
                    + " may use the actions of its own repository and of public ones)");
        }
        String where = "the server's repository " + repository;
        return ActionSource.actionDir(ref, cache.fromRepository(ref, mirror.get(), where), where);
    }

    /** {@link #mirror(String, String, Optional)}, not fetched when it holds {@code enough} already. */
    private Optional<Path> mirror(String owner, String name, Optional<String> token, Optional<ObjectId> enough)
            throws IOException {
        // one directory per owner: "a_b/c" and "a/b_c" must never share a mirror (names may hold '_')
        Path dir = mirrors.resolve(owner).resolve(name + ".git");
        CredentialsProvider auth = new UsernamePasswordCredentialsProvider("x-access-token", token.orElse(jobToken));
        ReentrantLock lock = LOCKS.computeIfAbsent(dir, k -> new ReentrantLock());
        lock.lock();
        try {
            if (!Files.isDirectory(dir.resolve("objects"))) {
                Files.createDirectories(dir.getParent());
                Path partial = Files.createTempDirectory(dir.getParent(), "clone-");
                try (Git git = Git.cloneRepository()
                        .setURI(url(owner, name))
                        .setBare(true)
                        .setMirror(true)
                        .setCredentialsProvider(auth)
                        .setDirectory(partial.toFile())
                        .call()) {
                    // renamed into place once complete, so an interrupted clone is never taken for a mirror
                } catch (InvalidRemoteException | TransportException e) {
                    FileTrees.deleteTree(partial);
                    return notFound(e);
                }
                Files.move(partial, dir);
                return Optional.of(dir);
            }
            try (Git git = Git.open(dir.toFile())) {
                if (enough.isPresent()
                        && git.getRepository().getObjectDatabase().has(enough.get())) {
                    return Optional.of(dir); // it has the commit: no fetch
                }
                git.fetch()
                        .setRemote(url(owner, name))
                        .setCredentialsProvider(auth)
                        .setRefSpecs(new RefSpec("+refs/*:refs/*"))
                        .setRemoveDeletedRefs(true)
                        .call();
            } catch (InvalidRemoteException | TransportException e) {
                // a mirror an earlier job with another token made is no proof this token may read it
                return notFound(e);
            }
            return Optional.of(dir);
        } catch (GitAPIException e) {
            throw new IOException("cannot fetch " + url(owner, name) + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Not found, or not readable: the server answers both alike; anything else is an error. */
    private Optional<Path> notFound(GitAPIException e) throws IOException {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("not found")
                || message.contains("not permitted")
                || message.contains("not authorized")
                || message.contains("authentication")
                || message.contains("401")
                || message.contains("403")
                || message.contains("404")) {
            return Optional.empty();
        }
        throw new IOException(e.getMessage(), e);
    }
}
