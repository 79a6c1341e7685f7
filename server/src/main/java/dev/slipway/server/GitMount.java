package dev.slipway.server;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.EnumSet;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jspecify.annotations.Nullable;

/**
 * Serves git at GitHub's URLs, {@code /<owner>/<name>.git/...} (and {@code /<owner>/<name>/info/refs} etc. without
 * {@code .git}), next to Javalin on the same servlet context: a filter hands git's requests to the git servlet and
 * everything else to Javalin. {@code /api} and {@code /v2} are never git.
 */
final class GitMount {
    private static final Pattern WITH_SUFFIX = Pattern.compile("/[^/]+/[^/]+\\.git(/.*)?");
    private static final Pattern SMART = Pattern.compile("/[^/]+/[^/]+/(info/refs|git-upload-pack|git-receive-pack)");

    private GitMount() {}

    /** Registers {@code git} (initialised with the context) and the routing filter. */
    static void install(ServletContextHandler context, HttpServlet git) {
        var holder = new ServletHolder("git", git);
        holder.setInitOrder(1);
        context.getServletHandler().addServlet(holder);
        context.addFilter(new FilterHolder(new Route(git)), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /** Whether a path (without context path) is a git request. */
    static boolean isGit(String path) {
        if (path.startsWith("/api/") || path.startsWith("/v2/")) {
            return false;
        }
        return WITH_SUFFIX.matcher(path).matches() || SMART.matcher(path).matches();
    }

    private record Route(HttpServlet git) implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request instanceof HttpServletRequest http) {
                var path = http.getRequestURI().substring(http.getContextPath().length());
                if (isGit(path)) {
                    git.service(new AtRoot(http, path), response);
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** The request as if the git servlet were mapped at {@code /*}: the whole path is path info. */
    private static final class AtRoot extends HttpServletRequestWrapper {
        private final String path;

        AtRoot(HttpServletRequest request, String path) {
            super(request);
            this.path = path;
        }

        @Override
        public String getServletPath() {
            return "";
        }

        @Override
        public @Nullable String getPathInfo() {
            return path;
        }
    }
}
