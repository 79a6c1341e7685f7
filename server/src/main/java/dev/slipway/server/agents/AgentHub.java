package dev.slipway.server.agents;

import dev.slipway.protocol.AgentChannel;
import dev.slipway.protocol.AgentChannel.Ack;
import dev.slipway.protocol.AgentChannel.LeaseState;
import dev.slipway.protocol.Assignment;
import dev.slipway.protocol.JobEvent;
import dev.slipway.protocol.Outcome;
import dev.slipway.protocol.Wire;
import dev.slipway.run.JobResults;
import dev.slipway.runtime.Cancellation;
import dev.slipway.runtime.Conclusion;
import dev.slipway.runtime.JobListener;
import dev.slipway.runtime.JobResult;
import dev.slipway.runtime.LogLine;
import dev.slipway.runtime.StepRef;
import dev.slipway.server.metrics.RunMetrics;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobOutcome;
import dev.slipway.workflow.TokenPermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's end of the agent protocol. The orchestrator {@link #submit submits} a job: it goes into the persistent
 * job queue and the orchestrator's thread waits for its result. Agents (the embedded one through {@link #channel},
 * remote ones through the HTTP routes) lease queued jobs whose labels they have, stream events, keep the lease alive
 * and report the result, which completes the submission.
 *
 * <p>Claims are serialized here, which keeps the per-repository limit exact. A reaper requeues jobs whose lease ran
 * out once and fails them the second time; a lease that ended (requeued, cancelled, done) is refused from then on, so
 * a late agent cannot overwrite a newer attempt.
 */
public final class AgentHub {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHub.class);
    /** A job whose agent goes silent is requeued once, then failed. */
    static final int MAX_ATTEMPTS = 2;

    private final Database db;
    private final Settings settings;
    private final RunMetrics metrics;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Lease> leases = new ConcurrentHashMap<>();
    /** The leases of jobs that may ask for OpenID Connect tokens, by their id-token request token's hash. */
    private final Map<String, Lease> idTokenLeases = new ConcurrentHashMap<>();

    private final Object claimLock = new Object();
    private final Object signal = new Object();
    private long version;
    private volatile boolean closed;
    private @Nullable Thread reaper;

    /**
     * How jobs are leased.
     *
     * @param lease how long a lease lasts without a heartbeat
     * @param repoLimit how many jobs of one repository may run at once, across all agents
     */
    public record Settings(Duration lease, int repoLimit) {
        /** A 30-second lease, at most 20 jobs of one repository at once. */
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(30), 20);

        public Settings {
            if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("the agent lease must be at least 1 second, not " + lease);
            }
            if (repoLimit < 1) {
                throw new IllegalArgumentException("the per-repository job limit must be at least 1, not " + repoLimit);
            }
        }
    }

    public AgentHub(Database db, Settings settings, RunMetrics metrics) {
        this.db = db;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** Starts the lease reaper. */
    public synchronized void start() {
        if (reaper == null) {
            reaper = Thread.ofVirtual().name("slipway-lease-reaper").start(this::reap);
        }
    }

    /** Stops the reaper and answers every waiting agent with "no job". */
    public void stop() {
        closed = true;
        Thread r;
        synchronized (this) {
            r = reaper;
        }
        if (r != null) {
            r.interrupt();
        }
        wake();
    }

    /** The in-process channel of an agent named {@code agent} (the embedded agent's). */
    public AgentChannel channel(String agent) {
        return new InProcess(agent);
    }

    // ---- the orchestrator's side

    /**
     * Queues {@code job} and waits until an agent has run it (or it was cancelled while queued).
     *
     * @param job the job's row, waiting
     * @param draft the job for the agent, without attempt and token
     * @param permissions what the job's token may do (its {@code permissions:}), for git and registry access
     * @param started called when an agent leases the job (again after a requeue): the listener its events go to
     */
    public JobResult submit(
            Job job,
            Assignment draft,
            TokenPermissions permissions,
            Supplier<JobListener> started,
            Cancellation cancel) {
        var p = new Pending(job.id(), job.runId(), job.repoId(), draft, permissions, started);
        pending.put(job.id(), p);
        Runnable onCancel = () -> requestCancel(p, cancel.isForced());
        Runnable onForced = () -> requestCancel(p, true);
        try {
            if (!db.queue().enqueue(job.id(), draft.labels())) {
                return JobResults.without(Conclusion.FAILURE, "the job could not be queued: it is not waiting");
            }
            p.enqueued = Instant.now();
            wake();
            cancel.onCancel(onCancel);
            cancel.onForced(onForced);
            return p.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestCancel(p, true);
            return JobResults.without(Conclusion.CANCELLED, "interrupted");
        } catch (ExecutionException e) {
            return JobResults.without(Conclusion.FAILURE, "internal error: " + e.getCause());
        } finally {
            cancel.remove(onCancel);
            cancel.remove(onForced);
            pending.remove(job.id());
        }
    }

    /** Cancels a queued job at once; a leased one hears of it at its next heartbeat, gracefully or by {@code force}. */
    private void requestCancel(Pending p, boolean force) {
        synchronized (claimLock) {
            p.cancelRequested = true;
            p.cancelForced |= force;
            if (p.lease == null && db.queue().cancel(p.jobId)) {
                p.result.complete(JobResults.without(Conclusion.CANCELLED, "The job was cancelled before it started."));
            }
        }
        synchronized (p) {
            p.notifyAll();
        }
    }

    // ---- the agents' side

    /** Leases the best job for {@code agent}, waiting up to {@code wait}. */
    public Optional<Assignment> next(String agent, Set<String> labels, Duration wait) {
        return next(agent, labels, wait, () -> true);
    }

    /**
     * As above, while {@code allowed} holds (checked before every claim: an agent disabled or removed while it waits
     * gets nothing).
     */
    public Optional<Assignment> next(String agent, Set<String> labels, Duration wait, BooleanSupplier allowed) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!closed) {
            long seen;
            synchronized (signal) {
                seen = version;
            }
            if (!allowed.getAsBoolean()) {
                return Optional.empty();
            }
            var claimed = claim(agent, labels);
            if (claimed.isPresent()) {
                return claimed;
            }
            synchronized (signal) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                if (version == seen) {
                    try {
                        // Wake up now and then anyway: a job may become claimable without a signal (repo limit).
                        signal.wait(Math.max(1, Math.min(left / 1_000_000, 1_000)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AgentChannel.ChannelException("interrupted while waiting for a job");
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Assignment> claim(String agent, Set<String> labels) {
        Lease lease;
        String token;
        String idToken;
        synchronized (claimLock) {
            while (true) {
                var job = db.queue().lease(agent, labels, settings.lease(), settings.repoLimit());
                if (job.isEmpty()) {
                    return Optional.empty();
                }
                var p = pending.get(job.get().jobId());
                if (p == null) {
                    // Queued by a server process that is gone: nothing waits for its result.
                    db.jobs()
                            .complete(
                                    job.get().jobId(),
                                    agent,
                                    dev.slipway.server.store.Conclusion.FAILURE,
                                    "{}",
                                    Optional.of("the server restarted before the job ran"));
                    continue;
                }
                token = Tokens.create(Tokens.JOB);
                // GitHub grants OpenID Connect tokens with id-token: write only (never by default)
                idToken = p.permissions.canWrite("id-token") ? Tokens.create(Tokens.ID_TOKEN_REQUEST) : "";
                lease = new Lease(
                        p,
                        agent,
                        job.get().attempt(),
                        Tokens.hash(token),
                        idToken.isEmpty() ? "" : Tokens.hash(idToken));
                p.lease = lease;
                leases.put(lease.tokenHash, lease);
                if (!idToken.isEmpty()) {
                    idTokenLeases.put(lease.idTokenHash, lease);
                }
                break;
            }
        }
        var p = lease.job;
        lease.listener = p.started.get();
        var waited = Duration.between(p.enqueued, Instant.now());
        metrics.jobLeased(waited);
        return Optional.of(p.draft.leased(lease.attempt, token, idToken));
    }

    /** Takes the events of a lease in order; see {@link AgentChannel#append}. */
    public Ack append(String token, List<JobEvent> events) {
        var lease = lease(token);
        synchronized (lease) {
            if (lease.ended) {
                throw lost(lease);
            }
            for (var e : events) {
                if (e.seq() < lease.next) {
                    continue;
                }
                if (e.seq() > lease.next) {
                    break;
                }
                if (lease.next == 0) {
                    metrics.jobStartedOnAgent(Duration.between(lease.job.enqueued, Instant.now()));
                }
                apply(lease.listener, e);
                lease.next++;
            }
            return new Ack(lease.next);
        }
    }

    private static void apply(@Nullable JobListener listener, JobEvent e) {
        if (listener == null) {
            return;
        }
        var step = Wire.step(e.step());
        switch (e.type()) {
            case STEP_STARTED -> listener.stepStarted(step);
            case LOG -> listener.log(step, Wire.line(e));
            case STEP_FINISHED -> listener.stepFinished(step, Wire.result(e));
        }
    }

    /** Keeps a lease alive, waiting for cancellation; see {@link AgentChannel#extendLease}. */
    public LeaseState extendLease(String token, Duration wait) {
        var lease = lease(token);
        var p = lease.job;
        renew(lease);
        var limit = wait.compareTo(settings.lease().dividedBy(3)) < 0
                ? wait
                : settings.lease().dividedBy(3);
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (p) {
            while (!p.cancelRequested && !lease.ended && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    p.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (lease.ended) {
            throw lost(lease);
        }
        if (!p.cancelRequested) {
            return LeaseState.RUNNING;
        }
        return p.cancelForced ? LeaseState.CANCEL : LeaseState.CANCEL_GRACEFULLY;
    }

    /** Ends a lease with the job's result; see {@link AgentChannel#done}. */
    public void done(String token, Outcome outcome) {
        var lease = lease(token);
        synchronized (claimLock) {
            synchronized (lease) {
                if (lease.ended) {
                    throw lost(lease);
                }
                if (lease.next < outcome.events()) {
                    throw new AgentChannel.GapException("events " + lease.next + " to " + (outcome.events() - 1)
                            + " of job " + lease.job.jobId + " have not arrived");
                }
                renew(lease);
                end(lease);
            }
        }
        lease.job.result.complete(Wire.result(outcome));
    }

    /** The job a job token stands for while its lease lasts: for git, registry, artifact and cache access. */
    public Optional<LeasedJob> job(String token) {
        return leased(leases.get(Tokens.hash(token)));
    }

    /**
     * The job an id-token request token ({@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}) stands for while its lease lasts, with
     * what the server handed its agent (the contexts its token's claims come from).
     */
    public Optional<IdTokenJob> idTokenJob(String requestToken) {
        var lease = idTokenLeases.get(Tokens.hash(requestToken));
        if (lease == null) {
            return Optional.empty();
        }
        return leased(lease).map(job -> new IdTokenJob(job, lease.job.draft));
    }

    /**
     * A running job that may ask for OpenID Connect tokens.
     *
     * @param assignment what its agent was handed (without the lease's tokens)
     */
    public record IdTokenJob(LeasedJob job, Assignment assignment) {}

    /** Job {@code jobId} while an agent's lease of it lasts. */
    public Optional<LeasedJob> leased(long jobId) {
        for (var lease : leases.values()) {
            if (lease.job.jobId == jobId && !lease.ended) {
                return leased(lease);
            }
        }
        return Optional.empty();
    }

    private static Optional<LeasedJob> leased(@Nullable Lease lease) {
        return lease == null || lease.ended
                ? Optional.empty()
                : Optional.of(new LeasedJob(
                        lease.job.jobId,
                        lease.job.runId,
                        lease.job.repoId,
                        lease.job.draft.repository(),
                        lease.agent,
                        lease.job.permissions));
    }

    /**
     * The job a job token authenticates.
     *
     * @param repository {@code owner/name}
     */
    /**
     * A job under lease, as its token stands for it.
     *
     * @param permissions what the job's {@code GITHUB_TOKEN} may do, from its {@code permissions:}
     */
    public record LeasedJob(
            long jobId, long runId, long repoId, String repository, String agent, TokenPermissions permissions) {}

    private void renew(Lease lease) {
        long now = System.nanoTime();
        if (now - lease.renewed < settings.lease().dividedBy(3).toNanos()) {
            // The stored lease still has two thirds of its time to run: no reaper can take the job before the next
            // heartbeat, and every other end of the lease goes through this hub. Jobs that finish quickly write none.
            return;
        }
        if (!db.queue().heartbeat(lease.job.jobId, lease.agent, settings.lease())) {
            synchronized (claimLock) {
                end(lease);
            }
            throw lost(lease);
        }
        lease.renewed = now;
    }

    private Lease lease(String token) {
        var lease = leases.get(Tokens.hash(token));
        if (lease == null) {
            throw new AgentChannel.LeaseLostException(
                    "this job token does not belong to a job in progress (its lease ended)");
        }
        return lease;
    }

    private static AgentChannel.LeaseLostException lost(Lease lease) {
        return new AgentChannel.LeaseLostException("the lease of job " + lease.job.jobId + " (attempt " + lease.attempt
                + ") has ended: the job was requeued, cancelled or finished");
    }

    /** Ends a lease; call holding {@link #claimLock}. */
    private void end(Lease lease) {
        synchronized (lease) {
            lease.ended = true;
        }
        leases.remove(lease.tokenHash);
        if (!lease.idTokenHash.isEmpty()) {
            idTokenLeases.remove(lease.idTokenHash);
        }
        if (lease.job.lease == lease) {
            lease.job.lease = null;
        }
        synchronized (lease.job) {
            lease.job.notifyAll();
        }
    }

    private void wake() {
        synchronized (signal) {
            version++;
            signal.notifyAll();
        }
    }

    private void reap() {
        var every = settings.lease().dividedBy(4);
        var pause = every.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : every;
        while (!closed) {
            try {
                Thread.sleep(pause.toMillis());
                expire();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("expiring job leases failed", e);
            }
        }
    }

    /** Requeues (once) or fails the jobs whose agent went silent. */
    void expire() {
        synchronized (claimLock) {
            for (var outcome : db.queue().expireLeases(MAX_ATTEMPTS)) {
                var p = pending.get(outcome.jobId());
                if (p == null) {
                    continue;
                }
                var old = p.lease;
                if (old != null) {
                    end(old);
                }
                if (outcome.kind() == JobOutcome.Kind.REQUEUED) {
                    var agent = old == null ? "?" : old.agent;
                    LOG.warn("job {}: agent {} stopped responding, requeued", p.jobId, agent);
                    if (old != null && old.listener != null) {
                        old.listener.log(
                                new StepRef(0, Optional.empty(), "Set up job", false),
                                LogLine.of(
                                        LogLine.Kind.WARNING,
                                        "agent " + agent + " stopped responding; the job was queued again"));
                    }
                    if (p.cancelRequested && db.queue().cancel(p.jobId)) {
                        p.result.complete(JobResults.without(Conclusion.CANCELLED, "The job was cancelled."));
                    } else {
                        wake();
                    }
                } else {
                    var why = db.jobs()
                            .find(p.jobId)
                            .flatMap(Job::failureMessage)
                            .orElse("lease expired: the agent stopped responding");
                    p.result.complete(JobResults.without(Conclusion.FAILURE, why));
                }
            }
        }
    }

    /** A submitted job and the orchestrator thread waiting for it. */
    private static final class Pending {
        final long jobId;
        final long runId;
        final long repoId;
        final Assignment draft;
        final TokenPermissions permissions;
        final Supplier<JobListener> started;
        final CompletableFuture<JobResult> result = new CompletableFuture<>();
        volatile Instant enqueued = Instant.now();
        volatile boolean cancelRequested;
        /** The cancellation stops every running step (else: as GitHub, {@code always()} steps go on). */
        volatile boolean cancelForced;

        volatile @Nullable Lease lease;

        Pending(
                long jobId,
                long runId,
                long repoId,
                Assignment draft,
                TokenPermissions permissions,
                Supplier<JobListener> started) {
            this.jobId = jobId;
            this.runId = runId;
            this.repoId = repoId;
            this.draft = draft;
            this.permissions = permissions;
            this.started = started;
        }
    }

    /** One agent's lease of a job. */
    private static final class Lease {
        final Pending job;
        final String agent;
        final int attempt;
        final String tokenHash;
        /** The hash of its id-token request token; empty when the job may not ask for OpenID Connect tokens. */
        final String idTokenHash;

        volatile @Nullable JobListener listener;
        /** When the stored lease was last set ({@link System#nanoTime}): at the claim, then by each heartbeat. */
        volatile long renewed = System.nanoTime();

        long next;
        boolean ended;

        Lease(Pending job, String agent, int attempt, String tokenHash, String idTokenHash) {
            this.job = job;
            this.agent = agent;
            this.attempt = attempt;
            this.tokenHash = tokenHash;
            this.idTokenHash = idTokenHash;
        }
    }

    /** The channel of an agent in this process: direct calls. */
    private final class InProcess implements AgentChannel {
        private final String agent;

        InProcess(String agent) {
            this.agent = agent;
        }

        @Override
        public Optional<Assignment> next(Set<String> labels, Duration wait) {
            return AgentHub.this.next(agent, labels, wait);
        }

        @Override
        public Ack append(String jobToken, List<JobEvent> events) {
            return AgentHub.this.append(jobToken, events);
        }

        @Override
        public LeaseState extendLease(String jobToken, Duration wait) {
            return AgentHub.this.extendLease(jobToken, wait);
        }

        @Override
        public void done(String jobToken, Outcome outcome) {
            AgentHub.this.done(jobToken, outcome);
        }
    }
}
