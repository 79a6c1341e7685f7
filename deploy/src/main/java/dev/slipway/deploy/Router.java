package dev.slipway.deploy;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A service's stable address: Jetty's reverse proxy on 127.0.0.1, sending each request to a replica its current
 * {@link RoutingTable} picks, and counting per release the requests and the failures (5xx answers, or no answer) that
 * canary analysis reads.
 */
final class Router implements AutoCloseable {
    private static final String TARGET = Router.class.getName() + ".target";

    /** Requests a release answered (or failed to) and how many of them failed, since its router started. */
    record Traffic(long requests, long failures) {
        Traffic minus(Traffic earlier) {
            return new Traffic(requests - earlier.requests, failures - earlier.failures);
        }
    }

    private record Counter(LongAdder requests, LongAdder failures) {}

    private final String service;
    private final Server server;
    private final ServerConnector connector;
    private final ConcurrentMap<Integer, Counter> counters = new ConcurrentHashMap<>();
    private volatile RoutingTable table = RoutingTable.empty();

    private Router(String service, int port) {
        this.service = service;
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("router-" + service.replace('/', '-'));
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Proxy());
    }

    /** Starts a router for {@code service} on 127.0.0.1:{@code port} (0: a free port). */
    static Router start(String service, int port) throws IOException {
        Router router = new Router(service, port);
        try {
            router.server.start();
        } catch (Exception e) {
            router.close();
            throw new IOException(
                    "the router of " + service + " cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return router;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Replaces the routing table in one step: a request sees the old table or the new one, never a mix. */
    void route(RoutingTable next) {
        table = next;
    }

    RoutingTable table() {
        return table;
    }

    Traffic traffic(int revision) {
        Counter c = counter(revision);
        long failures = c.failures().sum(); // before requests, which count first: never more failures than requests
        return new Traffic(c.requests().sum(), failures);
    }

    private Counter counter(int revision) {
        return counters.computeIfAbsent(revision, r -> new Counter(new LongAdder(), new LongAdder()));
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a server that did not start or already stopped: nothing more to release
        }
    }

    private final class Proxy extends ProxyHandler {
        @Override
        protected void configureHttpClient(HttpClient client) {
            super.configureHttpClient(client);
            // A replica that does not take the connection at once is as good as gone: count it and answer 502.
            client.setConnectTimeout(2_000);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Optional<RoutingTable.Target> target = table.next();
            if (target.isEmpty()) {
                response.setStatus(503);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                Content.Sink.write(
                        response,
                        true,
                        "Service " + service + " has no running replica (it may be scaled down, or its release is"
                                + " still starting).\n",
                        callback);
                return true;
            }
            request.setAttribute(TARGET, target.get());
            return super.handle(request, response, callback);
        }

        @Override
        protected HttpURI rewriteHttpURI(Request request) {
            RoutingTable.Target target = (RoutingTable.Target) request.getAttribute(TARGET);
            return HttpURI.build(request.getHttpURI())
                    .scheme("http")
                    .host(target.endpoint().getHost())
                    .port(target.endpoint().getPort());
        }

        @Override
        protected void onProxyToClientResponseComplete(
                Request clientToProxy,
                org.eclipse.jetty.client.Request proxyToServer,
                org.eclipse.jetty.client.Response serverToProxy,
                Response proxyToClient,
                Callback callback) {
            done(clientToProxy, serverToProxy.getStatus() >= 500);
            super.onProxyToClientResponseComplete(clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback);
        }

        @Override
        protected void onServerToProxyResponseFailure(
                Request clientToProxy,
                org.eclipse.jetty.client.Request proxyToServer,
                org.eclipse.jetty.client.Response serverToProxy,
                Response proxyToClient,
                Callback callback,
                Throwable failure) {
            done(clientToProxy, true);
            super.onServerToProxyResponseFailure(
                    clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback, failure);
        }

        @Override
        protected void onProxyToClientResponseFailure(
                Request clientToProxy,
                org.eclipse.jetty.client.Request proxyToServer,
                org.eclipse.jetty.client.Response serverToProxy,
                Response proxyToClient,
                Callback callback,
                Throwable failure) {
            done(clientToProxy, true);
            super.onProxyToClientResponseFailure(
                    clientToProxy, proxyToServer, serverToProxy, proxyToClient, callback, failure);
        }

        // Several of the callbacks above may see one request: the attribute taken away counts it once. Requests are
        // counted when answered, with their outcome, so that a request still under way never counts as a success.
        private void done(Request request, boolean failed) {
            if (request.removeAttribute(TARGET) instanceof RoutingTable.Target t) {
                Counter counter = counter(t.revision());
                counter.requests().increment();
                if (failed) {
                    counter.failures().increment();
                }
            }
        }
    }
}
