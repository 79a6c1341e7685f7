package dev.slipway.server.hooks;

import dev.slipway.server.environments.DeploymentEvents;
import dev.slipway.server.store.Database;
import dev.slipway.server.store.Deployment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Deployments and their statuses as GitHub's {@code deployment} and {@code deployment_status} webhook events. */
public final class DeploymentHooks implements DeploymentEvents {
    private final Webhooks hooks;
    private final Database db;
    private final Supplier<String> serverUrl;

    public DeploymentHooks(Webhooks hooks, Database db, Supplier<String> serverUrl) {
        this.hooks = hooks;
        this.db = db;
        this.serverUrl = serverUrl;
    }

    @Override
    public void created(Deployment d) {
        db.repos()
                .find(d.repoId())
                .ifPresent(repo -> hooks.send(
                        repo,
                        "deployment",
                        Optional.of("created"),
                        Map.of("deployment", deployment(d, repo.fullName())),
                        d.creator()));
    }

    @Override
    public void status(Deployment d, Deployment.Status s) {
        db.repos().find(d.repoId()).ifPresent(repo -> {
            Map<String, @Nullable Object> status = new LinkedHashMap<>();
            status.put("id", s.id());
            status.put("state", s.state());
            status.put("description", s.description());
            status.put("environment", d.environment());
            status.put("environment_url", s.environmentUrl());
            status.put("log_url", s.logUrl());
            status.put("creator", Map.of("login", s.creator()));
            status.put("created_at", s.created().toString());
            status.put("url", api(repo.fullName()) + "/deployments/" + d.id() + "/statuses/" + s.id());
            hooks.send(
                    repo,
                    "deployment_status",
                    Optional.of("created"),
                    Map.of("deployment_status", status, "deployment", deployment(d, repo.fullName())),
                    d.creator());
        });
    }

    private Map<String, @Nullable Object> deployment(Deployment d, String fullName) {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("sha", d.sha());
        m.put("ref", d.ref());
        m.put("task", "deploy");
        m.put("environment", d.environment());
        m.put("creator", Map.of("login", d.creator()));
        m.put("created_at", d.created().toString());
        m.put("updated_at", d.updated().toString());
        m.put("url", api(fullName) + "/deployments/" + d.id());
        return m;
    }

    private String api(String fullName) {
        return serverUrl.get() + "/api/v3/repos/" + fullName;
    }
}
