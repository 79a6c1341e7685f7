package dev.slipway.runtime;

import dev.slipway.common.SourceSpan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Runs the post steps registered by actions, last registered first, each when its {@code post-if} holds. */
final class PostPhase {
    private PostPhase() {}

    /** Appends the post steps' results, numbered from {@code index}; returns the next free index. */
    static int run(JobState job, Scope scope, StepRunner runner, List<StepResult> results, int index) {
        int next = index;
        while (!job.posts().isEmpty()) {
            PostStep post = job.posts().pop();
            StepRef ref = new StepRef(next, post.id(), post.name(), true);
            StepLog log = job.log(ref);
            job.listener().stepStarted(ref);
            Instant start = Instant.now();
            Conclusion conclusion;
            try (StepGuard guard = new StepGuard(job.control())) {
                StepContext ctx = StepContext.of(job, scope, runner.scopeEnv(scope));
                SourceSpan span = SourceSpan.ofFile(post.name());
                job.control()
                        .whileRunning(() -> StepRunner.holdsWhenCancelled(post.condition(), ctx.cancelled(), span));
                if (job.control().expired()) {
                    conclusion = Conclusion.CANCELLED;
                } else if (!Exprs.condition(post.condition(), ctx, span)) {
                    conclusion = Conclusion.SKIPPED;
                } else {
                    Outcome outcome = post.body().run(log, guard);
                    conclusion = guard.stopped() && job.control().interrupted()
                            ? Conclusion.CANCELLED
                            : outcome.success() ? Conclusion.SUCCESS : Conclusion.FAILURE;
                }
            } catch (Exprs.EvalError e) {
                log.error(e.diagnostic().render());
                conclusion = Conclusion.FAILURE;
            } finally {
                job.control().stepEnded();
            }
            StepResult result = new StepResult(
                    next,
                    post.id(),
                    post.name(),
                    conclusion,
                    conclusion,
                    java.util.Map.of(),
                    Duration.between(start, Instant.now()));
            job.listener().stepFinished(ref, result);
            results.add(result);
            next++;
        }
        return next;
    }
}
