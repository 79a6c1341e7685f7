package dev.slipway.git;

import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Not a test: serves {@code <root>} read-only to anyone at {@code http://127.0.0.1:<port>/git/} for timing clones
 * by hand. Usage: {@code GitHttpBenchServer <root> <port>}.
 */
final class GitHttpBenchServer {
    private GitHttpBenchServer() {}

    public static void main(String[] args) throws Exception {
        AccessControl anyoneReads = new AccessControl() {
            @Override
            public Optional<Principal> authenticate(String user, String secret) {
                return Optional.empty();
            }

            @Override
            public boolean canRead(Optional<Principal> who, RepoName repo) {
                return true;
            }

            @Override
            public boolean canWrite(Principal who, RepoName repo) {
                return false;
            }
        };
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[1]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(
                new ServletHolder(GitHttp.builder(Repositories.at(Path.of(args[0])), anyoneReads)
                        .build()),
                "/git/*");
        server.setHandler(context);
        server.start();
        server.join();
    }
}
