package dev.slipway.registry;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The built-in OCI registry (distribution spec v1.1): blobs, uploads, manifests, tags, catalog, referrers, token auth
 * and garbage collection over one storage directory. The server mounts it on its Javalin app with {@link #mount}; it
 * answers {@code /v2}, {@code /v2/...} and the token endpoint {@code /v2/token}.
 *
 * <pre>{@code
 * Registry registry = Registry.builder(dataDir.resolve("registry"))
 *         .authorizer(projects::registryActions)
 *         .tokens(TokenService.create(users::checkPassword, secret))
 *         .listener(imagesToCommits)
 *         .tagPolicy(TagPolicy.immutableMatching(Pattern.compile("v.*")))
 *         .build();
 * Javalin.create(config -> registry.mount(config.routes));
 * }</pre>
 */
public final class Registry {
    private static final List<HandlerType> METHODS = List.of(
            HandlerType.GET,
            HandlerType.HEAD,
            HandlerType.POST,
            HandlerType.PUT,
            HandlerType.PATCH,
            HandlerType.DELETE);

    private final Storage storage;
    private final Dispatcher dispatcher;
    private final GarbageCollector collector;

    private Registry(Builder b) throws IOException {
        this.storage = new Storage(b.directory, b.clock, b.maxManifestBytes, b.maxBlobBytes, b.disk);
        AccessControl access = new AccessControl(b.authorizer, b.tokens, b.tokenRealm);
        this.dispatcher = new Dispatcher(storage, access, b.tagPolicy, b.listener);
        this.collector = new GarbageCollector(storage);
    }

    /** Starts configuring a registry that stores everything under {@code directory}. */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** Registers {@code /v2} and {@code /v2/<path>} for GET, HEAD, POST, PUT, PATCH and DELETE. */
    public void mount(RoutesConfig routes) {
        for (HandlerType method : METHODS) {
            routes.addHttpHandler(method, "/v2", this::handle);
            routes.addHttpHandler(method, "/v2/<path>", this::handle);
        }
    }

    /** Handles one registry request; for servers that route themselves. Bodies stream through the servlet API. */
    public void handle(Context ctx) {
        String contextPath = ctx.req().getContextPath();
        String uri = ctx.req().getRequestURI().substring(contextPath.length());
        if (!uri.startsWith("/v2")) {
            ctx.status(404);
            return;
        }
        dispatcher.handle(new Exchange(ctx.req(), ctx.res(), contextPath + "/v2"), uri.substring(3));
    }

    /**
     * Deletes blobs no manifest references any more and abandoned uploads, both when older than {@code grace}. Safe
     * while clients push: pushes pause while blobs are marked and swept.
     */
    public GcResult gc(Duration grace) {
        try {
            return collector.run(grace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The storage directory. */
    public Path directory() {
        return storage.root;
    }

    /** Registry settings; everything but the directory has a default. */
    public static final class Builder {
        private final Path directory;
        private Authorizer authorizer = Authorizer.allowAll();
        private Optional<TokenService> tokens = Optional.empty();
        private Optional<String> tokenRealm = Optional.empty();
        private RegistryListener listener = RegistryListener.none();
        private TagPolicy tagPolicy = TagPolicy.mutable();
        private long maxManifestBytes = 4L << 20;
        private long maxBlobBytes = Long.MAX_VALUE;
        private Clock clock = Clock.systemUTC();
        private Disk disk = Disk.SYSTEM;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory);
        }

        /** Who may pull, push and delete; default: everyone everything. */
        public Builder authorizer(Authorizer value) {
            this.authorizer = value;
            return this;
        }

        /** Enables bearer-token authentication; without it every request is anonymous. */
        public Builder tokens(TokenService value) {
            this.tokens = Optional.of(value);
            return this;
        }

        /** Absolute token endpoint URL for challenges, when the server sits behind a proxy. */
        public Builder tokenRealm(String url) {
            this.tokenRealm = Optional.of(url);
            return this;
        }

        /** Receives manifest pushes and deletions. */
        public Builder listener(RegistryListener value) {
            this.listener = value;
            return this;
        }

        /** Which tags are immutable; default: none. */
        public Builder tagPolicy(TagPolicy value) {
            this.tagPolicy = value;
            return this;
        }

        /** Largest accepted manifest; default 4 MiB. */
        public Builder maxManifestBytes(long value) {
            this.maxManifestBytes = value;
            return this;
        }

        /** Largest accepted blob; default unlimited. */
        public Builder maxBlobBytes(long value) {
            this.maxBlobBytes = value;
            return this;
        }

        /** Time source for tokens, uploads and the GC grace period. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Where forces and renames go; tests record them. */
        Builder disk(Disk value) {
            this.disk = value;
            return this;
        }

        /** Creates the storage directories and the registry. */
        public Registry build() {
            try {
                return new Registry(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
