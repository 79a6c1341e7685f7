package dev.slipway.server.agents;

import dev.slipway.server.store.AgentRow;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Job;
import dev.slipway.server.store.JobStatus;
import dev.slipway.server.store.Page;
import dev.slipway.server.store.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Remote agents' accounts: one-time registration tokens made by an administrator, registration in exchange for an
 * agent credential, authentication by that credential, and the list the admin API and UI show.
 */
public final class AgentRegistry {
    /** How long a registration token may be used. */
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+-]{0,199}");
    private static final int MAX_CAPACITY = 256;

    private final Database db;
    private final Clock clock;

    public AgentRegistry(Database db) {
        this.db = db;
        this.clock = Clock.systemUTC();
    }

    /** A registration token, shown once. */
    public record Registration(String token, Instant expires) {}

    /** A registered agent and its credential, shown once. */
    public record Registered(AgentRow agent, String credential) {}

    /** An agent with the jobs it runs now. */
    public record Listed(AgentRow agent, List<Job> jobs) {}

    public Registration createToken(User by) {
        var token = Tokens.create(Tokens.REGISTRATION);
        var expires = clock.instant().plus(TOKEN_LIFETIME);
        db.agents().createRegistrationToken(Tokens.hash(token), Optional.of(by.id()), expires);
        return new Registration(token, expires);
    }

    /**
     * Registers an agent.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     * @throws dev.slipway.server.store.StoreException when the token is not good or the name is taken
     */
    public Registered register(String token, String name, List<String> labels, int capacity, String version) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "name must be 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit: '" + name
                            + "'");
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("labels must name at least one label");
        }
        for (var label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("labels: '" + label + "' is not a valid label");
            }
        }
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be 1 to " + MAX_CAPACITY + ", not " + capacity);
        }
        var credential = Tokens.create(Tokens.AGENT);
        var row = db.agents()
                .register(Tokens.hash(token), name, labels, capacity, clip(version), Tokens.hash(credential));
        return new Registered(row, credential);
    }

    /** The agent a credential belongs to. */
    public Optional<AgentRow> authenticate(String credential) {
        if (!credential.startsWith(Tokens.AGENT)) {
            return Optional.empty();
        }
        return db.agents().byCredential(Tokens.hash(credential));
    }

    /** Records that the agent asked for work, with the labels it has now (written at most every few seconds). */
    void seen(AgentRow agent, List<String> labels) {
        var last = agent.lastSeen();
        if (last.isEmpty()
                || last.get().isBefore(clock.instant().minusSeconds(5))
                || !agent.labels().equals(labels)) {
            db.agents().seen(agent.id(), labels);
        }
    }

    /** Whether the agent exists and is not disabled. */
    boolean enabled(long id) {
        return db.agents().find(id).map(a -> !a.disabled()).orElse(false);
    }

    /** Disables or enables an agent; false if there is none. */
    public boolean setDisabled(long id, boolean disabled) {
        return db.agents().setDisabled(id, disabled);
    }

    /** Removes an agent: its credential stops working; jobs it runs end when their lease runs out. */
    public boolean delete(long id) {
        return db.agents().delete(id);
    }

    /** Every agent with its running jobs. */
    public List<Listed> list() {
        var running = new ArrayList<Job>();
        for (int page = 1; ; page++) {
            var jobs = db.jobs().listByStatus(JobStatus.IN_PROGRESS, Page.of(page, Page.MAX_SIZE));
            running.addAll(jobs);
            if (jobs.size() < Page.MAX_SIZE) {
                break;
            }
        }
        return db.agents().list().stream()
                .map(a -> new Listed(
                        a,
                        running.stream()
                                .filter(j -> j.agent().equals(Optional.of(a.name())))
                                .toList()))
                .toList();
    }

    public Optional<Listed> find(long id) {
        return list().stream().filter(l -> l.agent().id() == id).findFirst();
    }

    private static String clip(String version) {
        return version.length() <= 100 ? version : version.substring(0, 100);
    }
}
