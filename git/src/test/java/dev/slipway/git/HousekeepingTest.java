package dev.slipway.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HousekeepingTest {
    @TempDir
    Path root;

    @Test
    void aLargePackWithoutBitmapIsWorthRepackingAndNotAgainAfterTheRepackWhichKeepsEveryObject() throws Exception {
        try (FileRepository file = create("big")) {
            List<ObjectId> blobs = insertPacked(file, 0, Housekeeping.MIN_UNCOVERED);
            commit(file, blobs.get(0));
            assertThat(Housekeeping.worthRepacking(file)).isTrue();

            new GC(file).gc().join();

            assertThat(Housekeeping.worthRepacking(file)).isFalse();
            assertThat(file.getObjectDatabase().has(blobs.get(0))).isTrue();
        }
    }

    @Test
    void aSmallPushIsNotWorthRepacking() throws Exception {
        try (FileRepository file = create("small")) {
            insertPacked(file, 0, 10);

            assertThat(Housekeeping.worthRepacking(file)).isFalse();
        }
    }

    @Test
    void manySmallPacksAreWorthRepacking() throws Exception {
        try (FileRepository file = create("busy")) {
            for (int i = 0; i <= Housekeeping.MAX_PACKS; i++) {
                insertPacked(file, i, 1);
            }

            assertThat(Housekeeping.worthRepacking(file)).isTrue();
        }
    }

    private FileRepository create(String name) {
        Repositories repos = Repositories.at(root);
        repos.create("alice", name, "main", "");
        Repository db = repos.openRepository(RepoName.of("alice", name)).orElseThrow();
        return (FileRepository) db;
    }

    private static List<ObjectId> insertPacked(FileRepository db, int from, int count) throws Exception {
        List<ObjectId> ids = new ArrayList<>();
        try (ObjectInserter inserter = db.getObjectDatabase().newPackInserter()) {
            for (int i = from; i < from + count; i++) {
                ids.add(inserter.insert(Constants.OBJ_BLOB, ("blob " + i).getBytes(StandardCharsets.UTF_8)));
            }
            inserter.flush();
        }
        return ids;
    }

    private static void commit(FileRepository db, ObjectId blob) throws Exception {
        try (ObjectInserter inserter = db.newObjectInserter()) {
            var tree = new org.eclipse.jgit.lib.TreeFormatter();
            tree.append("a.txt", org.eclipse.jgit.lib.FileMode.REGULAR_FILE, blob);
            ObjectId treeId = inserter.insert(tree);
            var commit = new org.eclipse.jgit.lib.CommitBuilder();
            var who = new org.eclipse.jgit.lib.PersonIdent("a", "a@example.com");
            commit.setAuthor(who);
            commit.setCommitter(who);
            commit.setTreeId(treeId);
            commit.setMessage("one");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            var update = db.updateRef("refs/heads/main");
            update.setNewObjectId(id);
            update.update();
        }
    }
}
