package dev.slipway.executor.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.slipway.runtime.spi.StepExit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs, awaits and kills steps: execs in the job container and Docker action containers. */
final class Steps {
    /**
     * Runs the step's command after printing its own pid, with stderr merged into stdout in the container so the order
     * of the two is kept exactly. The exec'd shell is a session leader, and {@code exec} keeps its pid.
     */
    static final String WRAPPER = "echo \"" + FrameOutput.PID_MARKER + "$$\"; exec \"$@\" 2>&1";

    /**
     * Kills the process tree of pid {@code $1} inside the container: stops the root, then repeatedly stops every
     * process whose parent is in the tree or whose process group or session is the root's (orphans reparented to the
     * container's init), so nothing can fork while the tree is collected, then sends SIGKILL to all of them.
     */
    static final String KILLER = """
            root=$1
            kill -STOP "$root" 2>/dev/null
            tree=" $root "
            grew=1
            while [ "$grew" = 1 ]; do
              grew=0
              for d in /proc/[0-9]*; do
                p=${d#/proc/}
                case "$tree" in *" $p "*) continue ;; esac
                [ "$p" = "$$" ] && continue
                [ "$p" = 1 ] && continue
                read -r s 2>/dev/null < "$d/stat" || continue
                s=${s##*) }
                set -- $s
                case "$tree" in
                  *" $2 "*) ;;
                  *) [ "$3" = "$root" ] || [ "$4" = "$root" ] || continue ;;
                esac
                kill -STOP "$p" 2>/dev/null
                tree="$tree$p "
                grew=1
              done
            done
            kill -9 $tree 2>/dev/null
            exit 0
            """;

    private static final long POLL_MILLIS = 100;
    private static final long PID_WAIT_MILLIS = 5_000;
    private static final long OUTPUT_END_MILLIS = 500;

    private Steps() {}

    static List<String> env(Map<String, String> env) {
        List<String> list = new ArrayList<>(env.size());
        env.forEach((k, v) -> list.add(k + "=" + v));
        return list;
    }

    /** Starts {@code command} in the job container; the output streams into the returned step. */
    static DockerStep exec(
            DockerClient client, String container, dev.slipway.runtime.spi.StepSpec spec, Map<String, String> env) {
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", WRAPPER, "sh"));
        cmd.addAll(spec.command());
        String execId = client.execCreateCmd(container)
                .withCmd(cmd.toArray(String[]::new))
                .withEnv(env(env))
                .withWorkingDir(spec.workingDirectory().toString())
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId();
        FrameOutput output = new FrameOutput(true);
        client.execStartCmd(execId).exec(output);
        return new DockerStep(spec, container, Optional.of(execId), output);
    }

    /** Follows a started action container's output and completes the step's exit when the container ends. */
    static DockerStep follow(DockerClient client, String container, dev.slipway.runtime.spi.StepSpec spec) {
        FrameOutput output = new FrameOutput(false);
        DockerStep step = new DockerStep(spec, container, Optional.empty(), output);
        client.logContainerCmd(container)
                .withStdOut(true)
                .withStdErr(true)
                .withFollowStream(true)
                .exec(output);
        Thread.ofVirtual().name("slipway-wait-" + spec.name()).start(() -> {
            try {
                int code = client.waitContainerCmd(container)
                        .exec(new WaitContainerResultCallback())
                        .awaitStatusCode();
                step.exit().complete(code);
            } catch (RuntimeException e) {
                step.exit().complete(137); // removed while waiting: destroyed
            }
            endFollowedOutput(client, container, output);
        });
        return step;
    }

    /** How long the log stream of an action container that exited may take to end by itself. */
    private static final long FOLLOW_END_MILLIS = 2_000;

    /**
     * After the action container exited: the engine ends its log stream. Podman 4.3 once neither sent a frame nor ended
     * the stream of a container that exited as the stream was set up (a test hung in {@code logs} with the line in
     * the container's log). Then the whole log is read again without following; a stream that delivered something
     * and hangs is ended as it is.
     */
    private static void endFollowedOutput(DockerClient client, String container, FrameOutput output) {
        try {
            if (output.awaitEnd(FOLLOW_END_MILLIS)) {
                return;
            }
            if (!output.anyFrame()) {
                client.logContainerCmd(container)
                        .withStdOut(true)
                        .withStdErr(true)
                        .withFollowStream(false)
                        .exec(output.replaying())
                        .awaitCompletion(FOLLOW_END_MILLIS * 5, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the container is gone: what was delivered is all there is
        }
        output.end();
    }

    static StepExit await(DockerClient client, DockerStep step, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        if (step.isAction()) {
            try {
                int code = step.exit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return step.result(code);
            } catch (TimeoutException e) {
                return StepExit.timeout();
            } catch (ExecutionException e) {
                return step.result(-1);
            }
        }
        long pause = 2;
        while (true) {
            if (step.exit().isDone()) {
                return step.result(step.exit().join());
            }
            long left = deadline - System.nanoTime();
            // The end of the output is the usual sign; background processes may hold it open, so also ask the engine.
            // Once the output has ended, the engine may report the exec as running a few ms longer: ask again soon.
            boolean ended =
                    step.output().awaitEnd(Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMillis(left), POLL_MILLIS)));
            Optional<Integer> code = exitCode(client, step.execId().orElseThrow());
            if (code.isPresent()) {
                step.exit().complete(code.get());
                continue;
            }
            if (deadline - System.nanoTime() <= 0) {
                return StepExit.timeout();
            }
            if (ended) { // without this pause, asking the engine again at once would spin
                Thread.sleep(Math.min(pause, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                pause = Math.min(pause * 2, POLL_MILLIS);
            }
        }
    }

    private static Optional<Integer> exitCode(DockerClient client, String execId) {
        try {
            InspectExecResponse exec = client.inspectExecCmd(execId).exec();
            if (Boolean.TRUE.equals(exec.isRunning()) || exec.getExitCodeLong() == null) {
                return Optional.empty();
            }
            return Optional.of(exec.getExitCodeLong().intValue());
        } catch (NotFoundException e) {
            return Optional.of(137); // the container is gone: destroyed
        }
    }

    /** Kills the step's processes (exec) or container (action); returns after the output ended or was cut. */
    static void destroy(DockerClient client, DockerStep step) {
        if (!step.markDestroyed()) {
            return;
        }
        try {
            if (step.isAction()) {
                if (!step.exit().isDone()) {
                    step.killed();
                }
                quietly(() -> client.removeContainerCmd(step.containerId())
                        .withForce(true)
                        .withRemoveVolumes(true)
                        .exec());
            } else {
                killExec(client, step);
            }
        } finally {
            step.output().endAfter(OUTPUT_END_MILLIS);
        }
    }

    private static void killExec(DockerClient client, DockerStep step) {
        long pid;
        try {
            pid = step.output().pid().get(PID_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            return;
        }
        if (pid <= 0
                || exitCode(client, step.execId().orElseThrow()).isPresent()
                        && step.output().ended()) {
            return;
        }
        step.killed();
        quietly(() -> {
            String killer = client.execCreateCmd(step.containerId())
                    .withUser("0")
                    .withCmd("sh", "-c", KILLER, "sh", Long.toString(pid))
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .exec()
                    .getId();
            FrameOutput ignored = new FrameOutput(false);
            client.execStartCmd(killer).exec(ignored);
            try {
                ignored.awaitEnd(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Runs an engine call whose failure only means the resource is already gone. */
    static void quietly(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            // already gone, or the engine is unreachable: nothing more to do here
        }
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
