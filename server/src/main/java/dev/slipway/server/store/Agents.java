package dev.slipway.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/** Remote agents and their one-time registration tokens; tokens and credentials arrive here already hashed. */
public final class Agents {
    private static final String COLUMNS = "id, name, labels, capacity, version, disabled, created_at, last_seen_at";
    private final Ctx ctx;

    Agents(Ctx ctx) {
        this.ctx = ctx;
    }

    /** Stores a registration token (its hash) that is good for one registration until {@code expires}. */
    public void createRegistrationToken(String tokenHash, Optional<Long> createdBy, Instant expires) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate(
                                "INSERT INTO agent_registration_tokens"
                                        + " (token_hash, created_by, created_at, expires_at) VALUES (:hash, :by, :now, :expires)")
                        .bind("hash", tokenHash)
                        .bindByType("by", createdBy.orElse(null), Long.class)
                        .bind("now", ctx.now())
                        .bind("expires", expires)
                        .execute());
    }

    /**
     * Uses up a registration token and creates the agent, in one transaction.
     *
     * @throws StoreException naming the problem: the token is unknown, used or expired, or the name is taken
     */
    public AgentRow register(
            String tokenHash, String name, List<String> labels, int capacity, String version, String credentialHash) {
        var now = ctx.now();
        try {
            long id = ctx.jdbi().inTransaction(h -> {
                var used = h.createUpdate("UPDATE agent_registration_tokens SET used_at = :now"
                                + " WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now")
                        .bind("now", now)
                        .bind("hash", tokenHash)
                        .execute();
                if (used != 1) {
                    throw new StoreException("the registration token is unknown, used already or expired");
                }
                return h.createUpdate("INSERT INTO agents (name, name_key, labels, capacity, version, credential_hash,"
                                + " created_at, last_seen_at) VALUES (:name, :key, :labels, :capacity, :version,"
                                + " :credential, :now, :now)")
                        .bind("name", name)
                        .bind("key", name.toLowerCase(Locale.ROOT))
                        .bind("labels", Rows.joinLines(labels))
                        .bind("capacity", capacity)
                        .bind("version", version)
                        .bind("credential", credentialHash)
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one();
            });
            return find(id).orElseThrow();
        } catch (RuntimeException e) {
            if (Rows.uniqueViolation(e)) {
                throw new StoreException("an agent named '" + name + "' is registered already", e);
            }
            throw e;
        }
    }

    /** The agent a credential belongs to. */
    public Optional<AgentRow> byCredential(String credentialHash) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM agents WHERE credential_hash = :hash")
                        .bind("hash", credentialHash)
                        .map(Agents::map)
                        .findOne());
    }

    public Optional<AgentRow> find(long id) {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM agents WHERE id = :id")
                        .bind("id", id)
                        .map(Agents::map)
                        .findOne());
    }

    /** Every agent, by name. */
    public List<AgentRow> list() {
        return ctx.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM agents ORDER BY name_key")
                        .map(Agents::map)
                        .list());
    }

    /** Records that the agent was heard from, with what it reports now. */
    public void seen(long id, List<String> labels) {
        ctx.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE agents SET last_seen_at = :now, labels = :labels WHERE id = :id")
                        .bind("now", ctx.now())
                        .bind("labels", Rows.joinLines(labels))
                        .bind("id", id)
                        .execute());
    }

    /** Enables or disables an agent; false if there is none. */
    public boolean setDisabled(long id, boolean disabled) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE agents SET disabled = :disabled WHERE id = :id")
                                .bind("disabled", disabled)
                                .bind("id", id)
                                .execute())
                == 1;
    }

    /** Removes an agent (its credential stops working); false if there was none. */
    public boolean delete(long id) {
        return ctx.jdbi()
                        .withHandle(h -> h.createUpdate("DELETE FROM agents WHERE id = :id")
                                .bind("id", id)
                                .execute())
                == 1;
    }

    private static AgentRow map(ResultSet rs, StatementContext sc) throws SQLException {
        return new AgentRow(
                rs.getLong("id"),
                rs.getString("name"),
                Rows.lines(rs, "labels"),
                rs.getInt("capacity"),
                rs.getString("version"),
                rs.getBoolean("disabled"),
                Rows.instant(rs, "created_at"),
                Rows.optInstant(rs, "last_seen_at"));
    }
}
