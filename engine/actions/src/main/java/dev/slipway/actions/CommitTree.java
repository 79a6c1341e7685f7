package dev.slipway.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/** A commit's files written out of a git repository: where a job without a checkout reads its own repository. */
public final class CommitTree {
    private CommitTree() {}

    /**
     * Writes the tree of {@code commit} in {@code repository} (bare or not) into {@code target}, which must not exist
     * yet; it appears complete or not at all (written beside it, then renamed).
     *
     * @throws IOException when the repository or commit cannot be read, or the files written
     */
    public static void export(Path repository, String commit, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempDirectory(target.getParent(), target.getFileName() + ".partial-");
        try (Repository repo = Checkout.open(repository)) {
            ObjectId id = repo.resolve(commit);
            if (id == null) {
                throw new IOException("commit " + commit + " is not in " + repository);
            }
            TreeExport.export(repo, id, partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteTree(partial);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }
}
