package dev.slipway.git;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;

/** The pre- and post-receive hooks of one push: {@link ReceiveRules} before, {@link PushListener} after. */
final class ReceiveHooks implements PreReceiveHook, PostReceiveHook {
    private static final System.Logger LOG = System.getLogger(ReceiveHooks.class.getName());

    private final RepoName repo;
    private final Principal pusher;
    private final ReceiveRules rules;
    private final PushListener listener;
    private final int maxCommits;
    private final Runnable afterPush;

    /** @param afterPush runs after the listener, once the push's refs moved */
    ReceiveHooks(
            RepoName repo,
            Principal pusher,
            ReceiveRules rules,
            PushListener listener,
            int maxCommits,
            Runnable afterPush) {
        this.afterPush = afterPush;
        this.repo = repo;
        this.pusher = pusher;
        this.rules = rules;
        this.listener = listener;
        this.maxCommits = maxCommits;
    }

    @Override
    public void onPreReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
        List<RefChange> changes = commands.stream().map(PushEvents::change).toList();
        List<Rejection> rejections;
        try {
            rejections = rules.check(HostedRepo.borrowed(repo, rp.getRepository()), pusher, changes, rp::sendMessage);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "receive rules failed for " + repo, e);
            String message = "push refused: the server could not check its rules";
            rp.sendMessage(message);
            commands.forEach(c -> c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, message));
            return;
        }
        for (Rejection r : rejections) {
            for (ReceiveCommand c : commands) {
                if (c.getRefName().equals(r.ref()) && c.getResult() == ReceiveCommand.Result.NOT_ATTEMPTED) {
                    rp.sendMessage(r.message());
                    c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, r.message());
                }
            }
        }
    }

    @Override
    public void onPostReceive(ReceivePack rp, Collection<ReceiveCommand> commands) {
        if (commands.isEmpty()) {
            return;
        }
        Repository db = rp.getRepository();
        pointUnbornHead(db, commands);
        List<ObjectId> tipsBefore = rp.getAdvertisedRefs().values().stream()
                .map(Ref::getObjectId)
                .filter(Objects::nonNull)
                .toList();
        try {
            PushEvents events = new PushEvents(db, maxCommits);
            List<RefUpdate> updates = new ArrayList<>();
            for (ReceiveCommand c : commands) {
                updates.add(events.update(c, tipsBefore));
            }
            listener.pushed(new PushEvent(repo.owner(), repo.name(), pusher, updates));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "push listener failed for " + repo, e);
            rp.sendMessage("warning: the push was stored but its event failed; pipelines may not run");
        }
        afterPush.run();
    }

    /** Like GitHub: the first branch pushed to an empty repository becomes the default if HEAD names no branch. */
    private static void pointUnbornHead(Repository db, Collection<ReceiveCommand> commands) {
        try {
            Ref head = db.exactRef(Constants.HEAD);
            boolean unborn = head == null || head.getObjectId() == null;
            if (!unborn) {
                return;
            }
            commands.stream()
                    .filter(c -> c.getType() == ReceiveCommand.Type.CREATE)
                    .map(ReceiveCommand::getRefName)
                    .filter(r -> r.startsWith(Constants.R_HEADS))
                    .findFirst()
                    .ifPresent(branch -> {
                        try {
                            db.updateRef(Constants.HEAD).link(branch);
                        } catch (IOException e) {
                            LOG.log(System.Logger.Level.WARNING, "cannot point HEAD at " + branch, e);
                        }
                    });
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read HEAD", e);
        }
    }
}
