package dev.slipway.server.web;

import java.util.List;

/** What the environment parts of the pages show: a run's pending deployments, a repository's environments. */
public final class EnvironmentModel {
    private EnvironmentModel() {}

    /**
     * An environment a run's jobs wait at.
     *
     * @param awaitingReview waiting for a reviewer (else for the wait timer, which ends {@code timer})
     * @param canReview whether the visitor is one of its reviewers who may approve this run
     * @param reviewers the reviewers' logins, for those who may not
     */
    public record Pending(
            long environmentId,
            String environment,
            boolean awaitingReview,
            String timer,
            boolean canReview,
            String reviewers,
            String reviewHref,
            String csrf) {}

    /**
     * A repository's environment with its rules and latest deployment.
     *
     * @param rules one line per protection rule, empty without any
     * @param deployment the latest deployment, if any
     */
    /**
     * An environment's row; {@code dora} its DORA metrics of the last 30 days in one line, empty when undeployed;
     * {@code services} what runs in it; {@code schedule} when its services are scaled down, empty without one.
     */
    public record Row(
            String name,
            List<String> rules,
            java.util.Optional<DeploymentRow> deployment,
            String dora,
            List<ServiceRow> services,
            String schedule) {}

    /**
     * A service of an environment as the page shows it, with the forms that change it when the visitor may.
     *
     * @param href where its forms post ({@code .../environments/{env}/services/{name}})
     * @param stable the stable release ({@code version (rN)}), empty before one
     * @param canary the release being rolled out, empty without one
     */
    public record ServiceRow(
            String name,
            String url,
            String stable,
            String canary,
            int weight,
            int ready,
            int desired,
            int replicas,
            String phase,
            String message,
            boolean paused,
            boolean running,
            boolean canChange,
            String href,
            List<RolloutRow> rollouts) {}

    /** A rollout in a service's history, with its events' messages, oldest first. */
    public record RolloutRow(
            long id, int revision, String version, String strategy, String phase, String when, List<String> events) {}

    /** A deployment as the environments page shows it; {@code url} may be empty. */
    public record DeploymentRow(
            String state, String url, String shortSha, String sha, String runHref, String runLabel, String when) {}

    public record EnvironmentsView(String fullName, List<Row> environments) {}
}
