package dev.slipway.runtime;

import dev.slipway.common.Diagnostic;
import dev.slipway.workflow.Runs;
import dev.slipway.workflow.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Set up job": finds every remote action of the job up front (a missing one fails the job before any step runs, as
 * on GitHub), refuses Docker actions on an executor without containers, and runs the {@code pre} scripts of Node.js
 * actions and the {@code pre-entrypoint}s of Docker actions whose {@code pre-if} holds.
 */
final class PrePhase {
    private PrePhase() {}

    /**
     * Runs the pre steps into {@code results}, numbered from {@code firstIndex}; returns why the job cannot start, if
     * it cannot.
     */
    static Optional<String> run(
            JobState job, Scope scope, StepRunner runner, List<StepResult> results, int firstIndex) {
        for (Step step : job.request().job().steps()) {
            Optional<String> uses = step.uses();
            if (uses.isEmpty() || ActionCatalog.isLocal(uses.get())) {
                continue;
            }
            ActionCatalog.Found found = job.actions().find(uses.get());
            Optional<String> error = found instanceof ActionCatalog.Found.Missing m
                    ? Optional.of(m.message())
                    : needsContainers(found) && !job.executor().supportsContainers()
                            ? Optional.of(DockerAction.needsContainers(uses.get()))
                            : Optional.empty();
            if (error.isPresent()) {
                String message =
                        Diagnostic.error(step.spanOf("uses"), error.get()).render();
                job.annotations().add(Annotation.of(Annotation.Level.ERROR, message, "Set up job"));
                return Optional.of(message);
            }
        }
        for (Step step : job.request().job().steps()) {
            Optional<String> uses = step.uses();
            if (uses.isEmpty() || ActionCatalog.isLocal(uses.get())) {
                continue;
            }
            if (job.actions().find(uses.get()) instanceof ActionCatalog.Found.Defined d) {
                Optional<String> preIf = preIf(d.def().runs());
                if (preIf.isPresent()) {
                    results.add(pre(job, scope, runner, step, d, preIf.get(), firstIndex + results.size()));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean needsContainers(ActionCatalog.Found found) {
        return found instanceof ActionCatalog.Found.Image
                || (found instanceof ActionCatalog.Found.Defined d && d.def().runs() instanceof Runs.Docker);
    }

    /** The condition of the action's pre step ({@code always()} unless given), when it has one. */
    private static Optional<String> preIf(Runs runs) {
        return switch (runs) {
            case Runs.Node n -> n.pre().map(p -> n.preIf().orElse("always()"));
            case Runs.Docker dk -> dk.preEntrypoint().map(p -> dk.preIf().orElse("always()"));
            case Runs.Composite c -> Optional.empty();
        };
    }

    private static StepResult pre(
            JobState job,
            Scope scope,
            StepRunner runner,
            Step step,
            ActionCatalog.Found.Defined d,
            String preIf,
            int index) {
        String name = "Pre " + runner.displayName(scope, step);
        StepRef ref = new StepRef(index, step.id(), name, false);
        StepLog log = job.log(ref);
        job.listener().stepStarted(ref);
        Instant start = Instant.now();
        Conclusion conclusion;
        try (StepGuard guard = new StepGuard(job.control())) {
            StepContext ctx = StepContext.of(job, scope, runner.scopeEnv(scope));
            // a graceful cancellation stops the pre step only when its pre-if no longer holds, as for any step
            job.control()
                    .whileRunning(() -> StepRunner.holdsWhenCancelled(
                            preIf, ctx.cancelled(), d.def().span()));
            if (job.control().expired()) {
                conclusion = Conclusion.CANCELLED;
            } else if (!Exprs.condition(preIf, ctx, d.def().span())) {
                conclusion = Conclusion.SKIPPED;
            } else {
                Outcome outcome = runner.actions().pre(scope, step, d, log, guard);
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
        if (conclusion == Conclusion.FAILURE) {
            scope.status().fail();
        }
        StepResult result = new StepResult(
                index, step.id(), name, conclusion, conclusion, Map.of(), Duration.between(start, Instant.now()));
        job.listener().stepFinished(ref, result);
        return result;
    }
}
