package dev.slipway.executor.kubernetes;

import dev.slipway.runtime.spi.ExecutorException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Waits until a job's pod is ready: scheduled, every image pulled, every container running and every service's
 * readiness probe (its {@code --health-cmd}) passing. A container that cannot start ends the wait at once with the
 * image and the kubelet's reason, rather than after the timeout.
 */
final class PodStart {
    /** Waiting reasons the kubelet does not get over by itself within a job's patience. */
    static final Set<String> FATAL = Set.of(
            "ErrImagePull",
            "ImagePullBackOff",
            "InvalidImageName",
            "ErrImageNeverPull",
            "CreateContainerConfigError",
            "CreateContainerError",
            "RunContainerError",
            "CrashLoopBackOff");

    private static final long POLL_MILLIS = 250;

    private PodStart() {}

    static void awaitReady(KubernetesClient client, String namespace, String name, Duration timeout)
            throws ExecutorException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod == null) {
                throw new ExecutorException("pod " + namespace + "/" + name + " was deleted while it started");
            }
            Optional<String> failure = failure(pod);
            if (failure.isPresent()) {
                throw new ExecutorException("pod " + namespace + "/" + name + " cannot start: " + failure.get());
            }
            if (ready(pod)) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ExecutorException("pod " + namespace + "/" + name + " did not become ready within "
                        + timeout.toSeconds() + " s: " + pending(pod));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutorException("interrupted while pod " + name + " started", e);
            }
        }
    }

    static boolean ready(Pod pod) {
        return conditions(pod).stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Why the pod will not start: a container that cannot, one that ended, or a failed pod. */
    static Optional<String> failure(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null) {
            return Optional.empty();
        }
        Map<String, String> images = images(pod);
        for (ContainerStatus c : statuses(status)) {
            String what = "container '" + c.getName() + "' (image '"
                    + images.getOrDefault(c.getName(), String.valueOf(c.getImage())) + "')";
            ContainerStateWaiting waiting =
                    c.getState() == null ? null : c.getState().getWaiting();
            if (waiting != null && FATAL.contains(waiting.getReason())) {
                return Optional.of(what + ": " + waiting.getReason() + detail(waiting.getMessage()));
            }
            ContainerStateTerminated ended =
                    c.getState() == null ? null : c.getState().getTerminated();
            if (ended != null) {
                return Optional.of(what + " exited with code " + ended.getExitCode()
                        + Optional.ofNullable(ended.getReason())
                                .map(r -> " (" + r + ")")
                                .orElse("")
                        + detail(ended.getMessage())
                        + (c.getName().equals(PodSpecs.JOB_CONTAINER) ? "; the job container needs sh" : ""));
            }
        }
        if ("Failed".equals(status.getPhase())) {
            return Optional.of("the pod failed"
                    + Optional.ofNullable(status.getReason()).map(r -> ": " + r).orElse("")
                    + detail(status.getMessage()));
        }
        return Optional.empty();
    }

    /** What the pod is still waiting for, for the timeout's message. */
    static String pending(Pod pod) {
        List<String> parts = new ArrayList<>();
        for (PodCondition c : conditions(pod)) {
            if ("False".equals(c.getStatus()) && c.getReason() != null) {
                parts.add(c.getType() + " is False (" + c.getReason() + detail(c.getMessage()) + ")");
            }
        }
        if (pod.getStatus() != null) {
            for (ContainerStatus c : statuses(pod.getStatus())) {
                if (c.getState() != null && c.getState().getWaiting() != null) {
                    parts.add("container '" + c.getName() + "' waits: "
                            + c.getState().getWaiting().getReason());
                } else if (!Boolean.TRUE.equals(c.getReady())) {
                    parts.add("container '" + c.getName() + "' is not ready");
                }
            }
        }
        String phase = pod.getStatus() == null
                ? "Pending"
                : String.valueOf(pod.getStatus().getPhase());
        return "phase " + phase + (parts.isEmpty() ? "" : "; " + String.join("; ", parts));
    }

    private static String detail(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.strip();
    }

    private static List<PodCondition> conditions(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? List.of()
                : pod.getStatus().getConditions();
    }

    private static List<ContainerStatus> statuses(PodStatus status) {
        List<ContainerStatus> all = new ArrayList<>();
        if (status.getInitContainerStatuses() != null) {
            all.addAll(status.getInitContainerStatuses());
        }
        if (status.getContainerStatuses() != null) {
            all.addAll(status.getContainerStatuses());
        }
        return all;
    }

    private static Map<String, String> images(Pod pod) {
        return pod.getSpec() == null
                ? Map.of()
                : pod.getSpec().getContainers().stream()
                        .collect(Collectors.toMap(Container::getName, Container::getImage, (a, b) -> a));
    }
}
