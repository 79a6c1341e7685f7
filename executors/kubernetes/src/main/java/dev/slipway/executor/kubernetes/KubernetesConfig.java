package dev.slipway.executor.kubernetes;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How the Kubernetes executor makes its pods. The cluster itself (kubeconfig, context, in-cluster service account) is
 * found by fabric8's standard discovery: {@code $KUBECONFIG} or {@code ~/.kube/config}, else the pod's service account.
 *
 * @param namespace where job pods are created; empty for the namespace of the current kubeconfig context (or of the
 *     service account in a cluster), else {@code default}
 * @param defaultImage the job container's image for a job with neither {@code container:} nor an image for its label
 * @param pullPolicy the pods' {@code imagePullPolicy} ({@code Always}, {@code IfNotPresent}, {@code Never}); empty for
 *     the cluster's default
 * @param nodeSelector node labels the pods must match
 * @param serviceAccount the pods' service account; empty for the namespace's default
 * @param cpu the job container's CPU request and limit (e.g. {@code 2}, {@code 500m}); empty for none
 * @param memory the job container's memory request and limit (e.g. {@code 4Gi}); empty for none
 * @param startTimeout how long a pod may take to be scheduled, pull its images and become ready
 */
public record KubernetesConfig(
        Optional<String> namespace,
        Optional<String> defaultImage,
        Optional<String> pullPolicy,
        Map<String, String> nodeSelector,
        Optional<String> serviceAccount,
        Optional<String> cpu,
        Optional<String> memory,
        Duration startTimeout) {
    /** How long a pod may take to start unless configured. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(10);

    public KubernetesConfig {
        nodeSelector = Map.copyOf(nodeSelector);
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("the pod start timeout must be positive: " + startTimeout);
        }
        pullPolicy.ifPresent(KubernetesConfig::checkPullPolicy);
    }

    /** The defaults: the context's namespace, no default image, the cluster's pull policy, no limits. */
    public static KubernetesConfig defaults() {
        return new KubernetesConfig(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                DEFAULT_START_TIMEOUT);
    }

    /**
     * The configuration from environment variables, for the CLI and agents: {@code SLIPWAY_K8S_NAMESPACE}, {@code
     * SLIPWAY_K8S_IMAGE}, {@code SLIPWAY_K8S_PULL_POLICY}, {@code SLIPWAY_K8S_NODE_SELECTOR} ({@code k=v,k2=v2}),
     * {@code SLIPWAY_K8S_SERVICE_ACCOUNT}, {@code SLIPWAY_K8S_CPU}, {@code SLIPWAY_K8S_MEMORY}.
     *
     * @throws IllegalArgumentException naming the malformed variable
     */
    public static KubernetesConfig fromEnvironment(Map<String, String> env) {
        java.util.function.Function<String, Optional<String>> var =
                name -> Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
        Map<String, String> selector = new java.util.LinkedHashMap<>();
        for (String pair : var.apply("SLIPWAY_K8S_NODE_SELECTOR").orElse("").split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("SLIPWAY_K8S_NODE_SELECTOR: '" + pair + "' is not label=value");
            }
            selector.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return new KubernetesConfig(
                var.apply("SLIPWAY_K8S_NAMESPACE"),
                var.apply("SLIPWAY_K8S_IMAGE"),
                var.apply("SLIPWAY_K8S_PULL_POLICY"),
                selector,
                var.apply("SLIPWAY_K8S_SERVICE_ACCOUNT"),
                var.apply("SLIPWAY_K8S_CPU"),
                var.apply("SLIPWAY_K8S_MEMORY"),
                DEFAULT_START_TIMEOUT);
    }

    /** This configuration in {@code namespace}. */
    public KubernetesConfig withNamespace(String namespace) {
        return new KubernetesConfig(
                Optional.of(namespace),
                defaultImage,
                pullPolicy,
                nodeSelector,
                serviceAccount,
                cpu,
                memory,
                startTimeout);
    }

    /** This configuration with {@code image} for jobs that name none. */
    public KubernetesConfig withDefaultImage(String image) {
        return new KubernetesConfig(
                namespace, Optional.of(image), pullPolicy, nodeSelector, serviceAccount, cpu, memory, startTimeout);
    }

    /** This configuration with pods that may take {@code timeout} to start. */
    public KubernetesConfig withStartTimeout(Duration timeout) {
        return new KubernetesConfig(
                namespace, defaultImage, pullPolicy, nodeSelector, serviceAccount, cpu, memory, timeout);
    }

    private static void checkPullPolicy(String policy) {
        if (!java.util.List.of("Always", "IfNotPresent", "Never").contains(policy)) {
            throw new IllegalArgumentException(
                    "image pull policy '" + policy + "' is not one of Always, IfNotPresent, Never");
        }
    }
}
