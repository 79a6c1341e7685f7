package dev.slipway.runtime;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.EvalContext;
import dev.slipway.expr.Value;
import dev.slipway.runtime.spi.ContainerSpec;
import dev.slipway.runtime.spi.Executor;
import dev.slipway.runtime.spi.JobHandle;
import dev.slipway.runtime.spi.ServiceSpec;
import dev.slipway.workflow.Container;
import dev.slipway.workflow.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The job's {@code container:} and {@code services:} resolved for the executor, and the {@code job.container} and
 * {@code job.services} contexts of the started job.
 *
 * @param container the job container; empty when there is none or its image rendered empty (as on GitHub)
 * @param services the services in file order, without those whose image rendered empty
 */
record JobContainers(Optional<ContainerSpec> container, List<ServiceSpec> services) {
    /** The contexts GitHub allows in {@code container:} and {@code services:}. */
    private static final List<String> CONTEXTS =
            List.of("github", "needs", "strategy", "matrix", "vars", "secrets", "inputs");

    JobContainers {
        services = List.copyOf(services);
    }

    /**
     * Why the job cannot run on {@code executor}: it needs containers (a {@code container:}, {@code services:} or an
     * image for its {@code runs-on} label) and the executor runs steps on the host.
     */
    static Optional<String> refusal(JobRequest request, Executor executor) {
        if (executor.supportsContainers()) {
            return Optional.empty();
        }
        Job job = request.job();
        String what;
        SourceSpan at;
        if (job.container().isPresent()) {
            what = "a job container ('container:')";
            at = job.spanOf("container");
        } else if (!job.services().isEmpty()) {
            what = "service containers ('services:')";
            at = job.spanOf("services");
        } else if (request.image().isPresent()) {
            what = "the image '" + request.image().get() + "' for its runs-on label";
            at = job.spanOf("runs-on");
        } else {
            return Optional.empty();
        }
        String label = request.labels().keySet().stream().sorted().findFirst().orElse("ubuntu-latest");
        return Optional.of(Diagnostic.error(
                        at,
                        "job '" + job.id() + "' needs " + what + ", but the " + executor.name()
                                + " executor runs steps on the host; map the runs-on label to a container"
                                + " executor: -P " + label + "=docker://IMAGE")
                .render());
    }

    /** Renders every string of the job's {@code container:} and {@code services:} with the job-level contexts. */
    static JobContainers resolve(Job job, Map<String, Value> contexts) throws Exprs.EvalError {
        Map<String, Value> allowed = new LinkedHashMap<>();
        for (String name : CONTEXTS) {
            Value v = contexts.get(name);
            if (v != null) {
                allowed.put(name, v);
            }
        }
        EvalContext ctx = EvalContext.of(allowed);
        Optional<ContainerSpec> container = Optional.empty();
        if (job.container().isPresent()) {
            container = spec(job.container().get(), ctx);
        }
        List<ServiceSpec> services = new ArrayList<>();
        for (Map.Entry<String, Container> e : job.services().entrySet()) {
            spec(e.getValue(), ctx).ifPresent(s -> services.add(new ServiceSpec(e.getKey(), s)));
        }
        return new JobContainers(container, services);
    }

    private static Optional<ContainerSpec> spec(Container c, EvalContext ctx) throws Exprs.EvalError {
        SourceSpan at = c.span();
        String image = Exprs.render(c.image(), ctx, at).strip();
        if (image.isEmpty()) {
            return Optional.empty();
        }
        Optional<ContainerSpec.Credentials> credentials = Optional.empty();
        if (c.credentials().isPresent()) {
            String user = Exprs.render(c.credentials().get().username(), ctx, at);
            String password = Exprs.render(c.credentials().get().password(), ctx, at);
            if (!user.isEmpty() || !password.isEmpty()) {
                credentials = Optional.of(new ContainerSpec.Credentials(user, password));
            }
        }
        Optional<String> options = Optional.empty();
        if (c.options().isPresent()) {
            options = Optional.of(Exprs.render(c.options().get(), ctx, at)).filter(o -> !o.isBlank());
        }
        return Optional.of(new ContainerSpec(
                image,
                Exprs.renderAll(c.env(), ctx, at),
                renderList(c.ports(), ctx, at),
                renderList(c.volumes(), ctx, at),
                options,
                credentials,
                renderOptional(c.entrypoint(), ctx, at),
                renderOptional(c.command(), ctx, at)));
    }

    private static Optional<String> renderOptional(Optional<String> text, EvalContext ctx, SourceSpan at)
            throws Exprs.EvalError {
        return text.isEmpty()
                ? Optional.empty()
                : Optional.of(Exprs.render(text.get(), ctx, at)).filter(t -> !t.isBlank());
    }

    private static List<String> renderList(List<String> values, EvalContext ctx, SourceSpan at) throws Exprs.EvalError {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            String rendered = Exprs.render(v, ctx, at);
            if (!rendered.isBlank()) {
                out.add(rendered);
            }
        }
        return out;
    }

    /** Passwords of registry credentials, to be masked. */
    List<String> passwords() {
        List<String> out = new ArrayList<>();
        container.flatMap(ContainerSpec::credentials).ifPresent(c -> out.add(c.password()));
        services.forEach(s -> s.container().credentials().ifPresent(c -> out.add(c.password())));
        return out;
    }

    /**
     * The {@code job} context of a started job: {@code container.network} and {@code services.<id>.id/network/ports}
     * from the executor. {@code container.id} stays empty: the executor SPI does not report the job container's id.
     */
    static Value jobContext(Value current, JobHandle handle) {
        Map<String, Value> job = new LinkedHashMap<>();
        if (current instanceof Value.Obj o) {
            job.putAll(o.fields());
        }
        Map<String, Value> services = new LinkedHashMap<>();
        String network = "";
        for (JobHandle.ServiceInfo info : handle.services().values()) {
            Map<String, Value> ports = new LinkedHashMap<>();
            info.ports().forEach((container, host) -> ports.put(container, Value.of(host)));
            services.put(
                    info.id(),
                    Value.obj(Map.of(
                            "id", Value.of(info.containerId()),
                            "network", Value.of(info.network()),
                            "ports", Value.obj(ports))));
            network = network.isEmpty() ? info.network() : network;
        }
        if (handle.spec().container().isPresent() || handle.spec().image().isPresent()) {
            job.put("container", Value.obj(Map.of("id", Value.of(""), "network", Value.of(network))));
        }
        job.put("services", Value.obj(services));
        return Value.obj(job);
    }
}
