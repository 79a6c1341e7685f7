package dev.slipway.executor.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.ExecutorException;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.JobSpec;
import dev.slipway.runtime.spi.ServiceSpec;
import dev.slipway.runtime.spi.StepExit;
import dev.slipway.runtime.spi.StepHandle;
import dev.slipway.runtime.spi.StepSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor against fabric8's mock API server: pods in CRUD mode, execs answered as a kubelet would. */
@EnableKubernetesMockClient(crud = true)
class KubernetesExecutorTest {
    static final String POD = "slipway-test-pod";

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    private MockCluster cluster;
    private KubernetesExecutor executor;
    private final MockCluster.CopiesIn copiesIn = new MockCluster.CopiesIn();
    private Path workspace;
    private Path temp;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new MockCluster(server, client);
        executor = new KubernetesExecutor(
                client,
                KubernetesConfig.defaults().withNamespace(MockCluster.NS).withStartTimeout(Duration.ofSeconds(5)),
                key -> POD,
                copiesIn);
        workspace = Files.createDirectories(dir.resolve("work"));
        temp = Files.createDirectories(dir.resolve("temp"));
        Files.writeString(workspace.resolve("README"), "checked out");
    }

    private JobSpec job(Optional<ContainerSpec> container, List<ServiceSpec> services) {
        return new JobSpec(
                "run-1/build/1",
                workspace,
                temp,
                Map.of("k8s", "k8s"),
                Optional.of("busybox:1.36"),
                container,
                services);
    }

    private JobHandle prepared(JobSpec spec) throws ExecutorException {
        cluster.kubelet(MockCluster::ready);
        JobHandle handle = executor.prepareJob(spec);
        assertThat(copiesIn.dirs).containsExactly(List.of(workspace, temp));
        return handle;
    }

    @Test
    void thePodHasTheJobContainerTheServicesTheWorkspaceAndTheLabels() throws Exception {
        ContainerSpec main = new ContainerSpec(
                "node:22",
                Map.of("CI", "true"),
                List.of(),
                List.of("cache:/cache"),
                Optional.of("--cpus 2 -m 1g"),
                Optional.empty());
        ContainerSpec db = new ContainerSpec(
                "postgres:16",
                Map.of("POSTGRES_PASSWORD", "pw"),
                List.of("5432"),
                List.of(),
                Optional.of("--health-cmd pg_isready --health-interval 2s --health-retries 5"),
                Optional.empty());
        JobHandle handle = prepared(job(Optional.of(main), List.of(new ServiceSpec("postgres", db))));

        Pod pod = client.pods().inNamespace(MockCluster.NS).withName(POD).get();
        assertThat(pod.getMetadata().getNamespace()).isEqualTo(MockCluster.NS);
        assertThat(pod.getMetadata().getLabels())
                .containsEntry(Labels.MANAGED, "true")
                .containsEntry(Labels.JOB, "run-1-build-1")
                .containsEntry(
                        Labels.OWNER_PID, Long.toString(ProcessHandle.current().pid()));
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(Labels.JOB, "run-1/build/1");
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        List<Container> containers = pod.getSpec().getContainers();
        assertThat(containers).extracting(Container::getName).containsExactly("job", "postgres");
        Container job = containers.get(0);
        assertThat(job.getImage()).isEqualTo("node:22"); // container: wins over the label's image
        assertThat(job.getCommand()).isEqualTo(PodSpecs.KEEP_ALIVE);
        assertThat(job.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(tuple("CI", "true"));
        assertThat(job.getWorkingDir()).isEqualTo(workspace.toString());
        assertThat(job.getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .containsExactly(workspace.toString(), temp.toString(), "/cache");
        assertThat(job.getResources().getLimits().get("cpu").toString()).isEqualTo("2");
        assertThat(job.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        assertThat(pod.getSpec().getVolumes())
                .allSatisfy(v -> assertThat(v.getEmptyDir()).isNotNull())
                .hasSize(3);
        Container pg = containers.get(1);
        assertThat(pg.getImage()).isEqualTo("postgres:16");
        assertThat(pg.getPorts().get(0).getContainerPort()).isEqualTo(5432);
        assertThat(pg.getEnv()).extracting(EnvVar::getName).containsExactly("POSTGRES_PASSWORD");
        assertThat(pg.getReadinessProbe().getExec().getCommand()).containsExactly("sh", "-c", "pg_isready");
        assertThat(pg.getReadinessProbe().getPeriodSeconds()).isEqualTo(2);
        assertThat(pg.getReadinessProbe().getFailureThreshold()).isEqualTo(5);
        assertThat(pod.getSpec().getHostAliases().get(0).getHostnames()).containsExactly("postgres");
        assertThat(handle.services().get("postgres").ports()).containsEntry("5432", "5432");
        executor.destroyJob(handle);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    @Test
    void aStepIsExecdWithItsCommandAndItsOutputExitAndFilesComeBack() throws Exception {
        JobHandle handle = prepared(job(Optional.empty(), List.of()));
        StepSpec spec = new StepSpec(
                "step 1",
                List.of("bash", "-e", temp.resolve("script-1.sh").toString()),
                workspace.resolve("sub"),
                Map.of("GREETING", "hi"));
        cluster.exec(
                MockCluster.execPath(POD, StepExec.command(spec, StepExec.envFile(temp, 1)), "stdout=true"),
                new OutputStreamMessage(KubeStep.PID_MARKER + "42\nhello\n"),
                new OutputStreamMessage("world\n"),
                new StatusStreamMessage(3));
        cluster.copyOut(
                POD,
                List.of(workspace.toString(), temp.toString()),
                Map.of(workspace.resolve("built.txt").toString(), "made in the pod"));

        StepHandle step = executor.startStep(handle, spec);
        List<String> lines = new ArrayList<>();
        executor.logs(step, lines::add);
        StepExit exit = executor.awaitStep(step, Duration.ofSeconds(5));

        assertThat(lines).containsExactly("hello", "world");
        assertThat(exit).isEqualTo(new StepExit(3, false, false));
        assertThat(Files.readString(workspace.resolve("built.txt"))).isEqualTo("made in the pod");
        assertThat(workspace.resolve("README")).doesNotExist(); // the pod's copy is the mirror's source
        // The workspace did not change on the host since it was copied in: only runner temp went in, with the env.
        assertThat(copiesIn.dirs).containsExactly(List.of(workspace, temp), List.of(temp));
        assertThat(copiesIn.envFiles).containsExactly("set -- env -- \\\n  'GREETING=hi' \"$@\"\n");
        assertThat(StepExec.envFile(temp, 1)).doesNotExist();
        executor.destroyJob(handle);
    }

    @Test
    void aStepWhoseFilesCannotComeBackFailsSayingWhy() throws Exception {
        JobHandle handle = prepared(job(Optional.empty(), List.of()));
        StepSpec spec = new StepSpec("step 1", List.of("true"), workspace, Map.of());
        cluster.exec(
                MockCluster.execPath(POD, StepExec.command(spec, StepExec.envFile(temp, 1)), "stdout=true"),
                new OutputStreamMessage(KubeStep.PID_MARKER + "5\n"),
                new StatusStreamMessage(0));
        List<String> pack = new ArrayList<>(List.of("sh", "-c", WorkspaceSync.PACK, "sh"));
        pack.add(workspace.toString().substring(1));
        pack.add(temp.toString().substring(1));
        cluster.exec(
                MockCluster.execPath(POD, pack, "stdout=true&stderr=true"),
                new io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage("sh: tar: not found"),
                new StatusStreamMessage(127));

        StepHandle step = executor.startStep(handle, spec);
        List<String> lines = new ArrayList<>();
        executor.logs(step, lines::add);

        assertThat(lines)
                .singleElement()
                .asString()
                .startsWith("::error::cannot copy the workspace back from pod " + POD)
                .contains("exit code 127: sh: tar: not found");
        assertThat(executor.awaitStep(step, Duration.ofSeconds(5))).isEqualTo(new StepExit(1, false, false));
        executor.destroyJob(handle);
    }

    @Test
    void anImageThatCannotBePulledFailsTheJobNamingTheImageAndTheReason() {
        cluster.kubelet(MockCluster::imagePullFails);
        ContainerSpec main = ContainerSpec.of("registry.example/nope:1");

        assertThatThrownBy(() -> executor.prepareJob(job(Optional.of(main), List.of())))
                .isInstanceOf(ExecutorException.class)
                .hasMessageContaining("registry.example/nope:1")
                .hasMessageContaining("ErrImagePull")
                .hasMessageContaining("pull access denied");
        assertThat(client.pods().inNamespace(MockCluster.NS).list().getItems()).isEmpty();
    }

    @Test
    void aPodThatNeverBecomesReadyTimesOutSayingWhatItWaitsFor() {
        cluster.kubelet(b -> b.withPhase("Pending")
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage("0/3 nodes are available")
                .endCondition());
        executor = new KubernetesExecutor(
                client,
                KubernetesConfig.defaults().withNamespace(MockCluster.NS).withStartTimeout(Duration.ofMillis(800)),
                key -> POD,
                copiesIn);

        assertThatThrownBy(() -> executor.prepareJob(job(Optional.empty(), List.of())))
                .hasMessageContaining("did not become ready")
                .hasMessageContaining("Unschedulable: 0/3 nodes are available");
        assertThat(client.pods().inNamespace(MockCluster.NS).list().getItems()).isEmpty();
    }

    @Test
    void destroyStepKillsTheProcessTreeAndDestroyJobDeletesThePod() throws Exception {
        JobHandle handle = prepared(job(Optional.empty(), List.of()));
        StepSpec spec = new StepSpec("step 1", List.of("sleep", "600"), workspace, Map.of());
        String stepPath = MockCluster.execPath(POD, StepExec.command(spec, StepExec.envFile(temp, 1)), "stdout=true");
        server.expect()
                .get()
                .withPath(stepPath)
                .andUpgradeToWebSocket()
                .open(new OutputStreamMessage(KubeStep.PID_MARKER + "77\nworking\n"))
                .waitFor(3_000)
                .andEmit("never")
                .done()
                .always();
        String killPath = MockCluster.execPath(POD, StepExec.kill(77), "stdout=true");
        cluster.exec(killPath, new StatusStreamMessage(0));

        StepHandle step = executor.startStep(handle, spec);
        assertThat(executor.awaitStep(step, Duration.ofMillis(200)).timedOut()).isTrue();
        Thread canceller = Thread.ofVirtual().start(() -> executor.destroyStep(step));
        List<String> lines = new ArrayList<>();
        long start = System.nanoTime();
        executor.logs(step, lines::add);
        canceller.join(10_000);
        StepExit exit = executor.awaitStep(step, Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(lines).containsExactly("working");
        assertThat(exit.killed()).isTrue();
        assertThat(exit.succeeded()).isFalse();
        assertThat(cluster.requests()).contains(killPath);

        executor.destroyJob(handle);
        executor.destroyJob(handle); // idempotent
        assertThat(client.pods().inNamespace(MockCluster.NS).withName(POD).get())
                .isNull();
    }

    @Test
    void dockerActionsAndImageBuildsAreRefused() throws Exception {
        JobHandle handle = prepared(job(Optional.empty(), List.of()));
        StepSpec action = new StepSpec(
                "step 2",
                List.of("arg"),
                workspace,
                Map.of(),
                Optional.of(new StepSpec.StepContainer("alpine:3", Optional.empty())));

        assertThatThrownBy(() -> executor.startStep(handle, action)).hasMessageContaining("Docker action");
        assertThatThrownBy(() -> executor.buildImage(dir, "Dockerfile", "t", line -> {}))
                .hasMessageContaining("cannot build images");
        executor.destroyJob(handle);
    }

    @Test
    void aJobWithoutAnyImageIsRefused() {
        JobSpec host = new JobSpec("run-1/a/1", workspace, temp, Map.of(), Optional.empty());

        assertThatThrownBy(() -> executor.prepareJob(host)).hasMessageContaining("kubernetes://IMAGE");
    }
}
