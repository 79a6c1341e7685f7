package dev.slipway.server.runs;

import dev.slipway.expr.Value;
import dev.slipway.plan.Event;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Repo;
import java.util.LinkedHashMap;

/** The server's repositories and users as the engine's payloads show them. */
public final class PlanRepos {
    private PlanRepos() {}

    /** The repository of payloads: its number, its owner's number, its visibility. */
    static dev.slipway.plan.Repo of(Repo repo, String serverUrl) {
        return dev.slipway.plan.Repo.of(
                repo.fullName(), repo.defaultBranch(), serverUrl, repo.id(), repo.ownerId(), repo.isPrivate());
    }

    /**
     * {@code event} whose payload's {@code sender} carries the user's number ({@code id}) when a user of that login
     * exists, as GitHub's payloads do ({@code github.actor_id}, {@code GITHUB_ACTOR_ID} and the OIDC claim read it).
     */
    public static Event withSenderId(Database db, Event event) {
        if (!(event.payload().get("sender").orElse(null) instanceof Value.Obj sender)
                || sender.get("id").isPresent()
                || !(sender.get("login").orElse(null) instanceof Value.Str login)) {
            return event;
        }
        var user = db.users().findByLogin(login.value());
        if (user.isEmpty()) {
            return event;
        }
        var identified = new LinkedHashMap<String, Value>();
        identified.put("login", login);
        identified.put("id", new Value.Num(user.get().id()));
        identified.putAll(sender.fields());
        var payload = new LinkedHashMap<>(event.payload().fields());
        payload.put("sender", new Value.Obj(identified));
        return event.withPayload(new Value.Obj(payload));
    }
}
