package dev.slipway.server.environments;

import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.JobEnvironment;
import dev.slipway.runtime.JobResult;
import dev.slipway.server.pulls.Rules;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Deployment;
import dev.slipway.server.store.DeploymentGate;
import dev.slipway.server.store.Environment;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.Run;
import dev.slipway.server.store.SecretBox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Applies an environment's protection rules to a job about to start, on the run's orchestrator thread: the branch and
 * tag policy, then the wait for a reviewer and the wait timer, both stored ({@link DeploymentGate}) so that a run
 * resumed after a restart waits on where it was. A job that passes gets the environment's secrets and variables;
 * its deployment (unless {@code deployment: false}) follows the job: queued, waiting, in_progress, then success,
 * failure or error, with the evaluated url.
 */
public final class Gatekeeper {
    /** How often a waiting job looks at its gate again (a review, the timer, a cancel wakes it sooner). */
    private static final Duration POLL = Duration.ofMillis(300);

    private static final String CREATOR = "slipway";
    /** GitHub's limit on an environment's name. */
    private static final int MAX_NAME = 255;

    private final Database db;
    private final SecretBox box;
    private final Clock clock;

    private volatile DeploymentEvents events = DeploymentEvents.NONE;

    public Gatekeeper(Database db, SecretBox box, Clock clock) {
        this.db = db;
        this.box = box;
        this.clock = clock;
    }

    /** Who hears of deployments and their statuses from now on (webhooks). */
    public void events(DeploymentEvents listener) {
        this.events = listener;
    }

    /** Whether the job may run, and with what. */
    public sealed interface Admission {
        /**
         * The job may run.
         *
         * @param deployment the job's deployment, unless it makes none
         * @param secrets the environment's secrets, decrypted, by name
         * @param variables the environment's variables by name
         */
        record Admitted(
                Environment environment,
                Optional<Deployment> deployment,
                Map<String, String> secrets,
                Map<String, String> variables)
                implements Admission {}

        /** The job does not run: it fails with {@code message}, or ends cancelled. */
        record Refused(boolean cancelled, String message) implements Admission {}
    }

    /**
     * Blocks until the job may run under {@code declared}'s rules, or may not.
     *
     * @param logUrl the run's page, for the deployment's statuses
     * @param suspended whether a cancel only suspends the wait (the server stops; the run resumes at its next start),
     *     leaving the gate and the deployment as they are
     */
    public Admission admit(
            Run run, Job row, JobEnvironment declared, String logUrl, Cancellation cancel, BooleanSupplier suspended) {
        if (declared.name().length() > MAX_NAME) {
            return new Admission.Refused(
                    false,
                    "The environment name '" + declared.name().substring(0, 40) + "...' is longer than " + MAX_NAME
                            + " characters.");
        }
        var env = db.environments().findOrCreate(run.repoId(), declared.name());
        var source = DeployRefs.Source.of(run.ref(), run.headBranch());
        var refusal = DeployRefs.refusal(
                env,
                env.branchPolicy() == Environment.BranchPolicy.CUSTOM
                        ? db.environments().patterns(env.id())
                        : java.util.List.of(),
                source,
                branch -> Rules.forBranch(db.protections().list(run.repoId()), branch)
                        .isPresent());
        if (refusal.isPresent()) {
            return new Admission.Refused(false, refusal.get());
        }
        Optional<Deployment> deployment = declared.deployment()
                ? Optional.of(db.deployments().forJob(row.id()).orElseGet(() -> create(run, row, env, source, logUrl)))
                : Optional.empty();
        if (!env.reviewers().isEmpty() || env.waitTimer() > 0) {
            var outcome = await(run, row, env, deployment, logUrl, cancel, suspended);
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        db.gates().pass(row.id());
        Map<String, String> secrets = new LinkedHashMap<>();
        db.environmentSecrets().contents(env.id()).forEach((k, v) -> secrets.put(k, box.decrypt(v)));
        return new Admission.Admitted(
                env, deployment, secrets, db.environmentVariables().contents(env.id()));
    }

    /** Waits at the job's gate; empty when it opened, else why the job does not run. */
    private Optional<Admission> await(
            Run run,
            Job row,
            Environment env,
            Optional<Deployment> deployment,
            String logUrl,
            Cancellation cancel,
            BooleanSupplier suspended) {
        var gate = db.gates()
                .open(
                        row.id(),
                        run.id(),
                        env.id(),
                        env.reviewers().isEmpty() ? DeploymentGate.State.APPROVED : DeploymentGate.State.WAITING);
        if (gate.state() == DeploymentGate.State.WAITING) {
            deployment.ifPresent(d -> status(d, "waiting", "Waiting for a review of " + env.name(), "", logUrl));
        }
        var woken = new CountDownLatch(1);
        Runnable wake = woken::countDown;
        cancel.onCancel(wake);
        try {
            while (true) {
                if (cancel.isCancelled() && suspended.getAsBoolean()) {
                    return Optional.of(new Admission.Refused(true, "The server stopped while the job waited"));
                }
                if (cancel.isCancelled()) {
                    deployment.ifPresent(d -> status(d, "error", "The job was cancelled", "", logUrl));
                    return Optional.of(new Admission.Refused(
                            true, "The run was cancelled while the job waited for environment " + env.name()));
                }
                var found = db.gates().find(row.id());
                if (found.isEmpty()) { // the environment was deleted, and its gates with it
                    deployment.ifPresent(d -> status(d, "error", "The environment was deleted", "", logUrl));
                    return Optional.of(new Admission.Refused(
                            false, "Environment " + env.name() + " was deleted while the job waited for it."));
                }
                var now = found.get();
                switch (now.state()) {
                    case REJECTED -> {
                        deployment.ifPresent(d -> status(d, "failure", "The deployment was rejected", "", logUrl));
                        return Optional.of(new Admission.Refused(
                                false, "The deployment was rejected or didn't satisfy other protection rules."));
                    }
                    case PASSED -> {
                        return Optional.empty();
                    }
                    case APPROVED -> {
                        var due = now.timerStarted().orElse(now.created()).plus(Duration.ofMinutes(env.waitTimer()));
                        if (!clock.instant().isBefore(due)) {
                            return Optional.empty();
                        }
                    }
                    case WAITING -> {}
                }
                if (woken.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    continue; // cancelled: said at the top
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Admission.Refused(true, "interrupted while waiting for environment " + env.name()));
        } finally {
            cancel.remove(wake);
        }
    }

    private Deployment create(Run run, Job row, Environment env, DeployRefs.Source source, String logUrl) {
        var d = db.deployments()
                .create(new Deployment.Draft(
                        run.repoId(), env.name(), source.name(), run.sha(), run.id(), row.id(), run.actor()));
        tell(() -> events.created(d));
        status(d, "queued", "Deployment queued", "", logUrl);
        return d;
    }

    /** The admitted job started on an agent. */
    public void started(Admission.Admitted admitted, String logUrl) {
        admitted.deployment().ifPresent(d -> status(d, "in_progress", "Deploying", "", logUrl));
    }

    /** The admitted job ended: its deployment's last status, with the url its steps gave. */
    public void finished(Admission.Admitted admitted, JobResult result, String logUrl) {
        if (admitted.deployment().isEmpty()) {
            return;
        }
        var d = admitted.deployment().get();
        var url = result.environment().flatMap(JobEnvironment::url).orElse("");
        switch (result.conclusion()) {
            case SUCCESS -> {
                status(d, "success", "Deployed", url, logUrl);
                db.deployments().inactivateOthers(d.repoId(), d.environment(), d.id(), CREATOR);
            }
            case FAILURE -> status(d, "failure", result.failure().orElse("The job failed"), url, logUrl);
            case CANCELLED, SKIPPED ->
                status(d, "error", "The job was " + result.conclusion().label(), url, logUrl);
        }
    }

    private void status(Deployment d, String state, String description, String url, String logUrl) {
        var last = db.deployments().latestStatus(d.id());
        if (last.isPresent() && last.get().state().equals(state)) {
            return; // a resumed run passes here again
        }
        var added = db.deployments().addStatus(d.id(), state, description, url, logUrl, CREATOR);
        tell(() -> events.status(d, added));
    }

    private static void tell(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            // a listener must not break a deployment; webhooks record their own failures
        }
    }

    /**
     * Closes the gates of a run that ended (cancelled, or broken off) while jobs still waited at them: they are
     * waited at no more, and their deployments end with {@code error}.
     */
    public void abandon(long runId, String logUrl) {
        for (var gate : db.gates().forRun(runId)) {
            if (gate.state() == DeploymentGate.State.WAITING || gate.state() == DeploymentGate.State.APPROVED) {
                db.gates().close(gate.jobId());
                db.deployments()
                        .forJob(gate.jobId())
                        .ifPresent(d -> status(d, "error", "The run ended before the deployment", "", logUrl));
            }
        }
    }

    /** When the job's wait timer ends, for pages and the API: empty without one or before approval. */
    public static Optional<Instant> timerEnds(DeploymentGate gate, Environment env) {
        return env.waitTimer() == 0 || gate.state() != DeploymentGate.State.APPROVED
                ? Optional.empty()
                : Optional.of(gate.timerStarted().orElse(gate.created()).plus(Duration.ofMinutes(env.waitTimer())));
    }
}
