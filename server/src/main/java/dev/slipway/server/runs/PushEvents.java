package dev.slipway.server.runs;

import dev.slipway.git.FileChange;
import dev.slipway.git.HostedRepo;
import dev.slipway.git.PushEvent;
import dev.slipway.git.PushedCommit;
import dev.slipway.git.RefChange;
import dev.slipway.git.RefUpdate;
import dev.slipway.plan.Event;
import dev.slipway.plan.Events;
import dev.slipway.plan.Repo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a ref update of a git push into the GitHub-shaped {@code push} event the trigger matcher and jobs see. */
final class PushEvents {
    private PushEvents() {}

    /**
     * The push event of {@code update}. Changed files come from git ({@code before..after}, or the whole tree for a
     * new ref) rather than from the commit list, which is capped and unknown for new refs.
     */
    static Event of(HostedRepo hosted, Repo repo, PushEvent push, RefUpdate update) {
        var commits = update.commits().stream().map(PushEvents::commit).toList();
        boolean forced = update.type() == RefChange.Type.FORCE;
        var event = Events.push(
                repo,
                update.ref(),
                update.before(),
                update.after(),
                push.pusher().login(),
                commits,
                update.head().map(PushEvents::commit),
                forced);
        return event.withChangedFiles(changedFiles(hosted, update));
    }

    private static List<String> changedFiles(HostedRepo hosted, RefUpdate update) {
        Set<String> files = new LinkedHashSet<>();
        for (FileChange change : hosted.changedFiles(update.before(), update.after())) {
            files.add(change.path());
            change.oldPath().ifPresent(files::add);
        }
        return List.copyOf(files);
    }

    private static Events.Commit commit(PushedCommit c) {
        return new Events.Commit(
                c.id(),
                c.treeId(),
                c.message(),
                c.timestamp().toString(),
                c.author().name(),
                c.author().email(),
                c.added(),
                c.removed(),
                c.modified());
    }
}
