package dev.slipway.git;

import org.eclipse.jgit.http.server.GitServlet;

/**
 * Builds the smart HTTP git servlet (clone, fetch and push) for all repositories of a {@link Repositories}.
 *
 * <p>The server mounts the servlet on its Jetty, for example at {@code /git/*} (clone URL
 * {@code https://host/git/owner/name.git}) or at {@code /*} with {@link Builder#pathPrefix} when it routes the full
 * path to it. Every request is authenticated (HTTP Basic, or {@code Authorization: Bearer <token>}) and authorised
 * through {@link AccessControl}: anonymous requests that need more get 401 with {@code WWW-Authenticate: Basic
 * realm="Slipway"}, wrong credentials 401, authenticated users without permission 403 with a message git prints.
 * Pushes run {@link ReceiveRules} before and {@link PushListener} after updating refs. The dumb HTTP protocol is off.
 *
 * <pre>{@code
 * GitServlet servlet = GitHttp.builder(repositories, access)
 *         .receiveRules(protection)
 *         .pushListener(events::onPush)
 *         .build();
 * context.addServlet(new ServletHolder(servlet), "/git/*");
 * }</pre>
 */
public final class GitHttp {
    private GitHttp() {}

    /** Starts a configuration serving {@code repositories} under the rules of {@code access}. */
    public static Builder builder(Repositories repositories, AccessControl access) {
        return new Builder(repositories, access);
    }

    /** Options of the git servlet; every one has a default. */
    public static final class Builder {
        private final Repositories repositories;
        private final AccessControl access;
        private ReceiveRules rules = ReceiveRules.ALLOW_ALL;
        private PushListener listener = PushListener.NONE;
        private String pathPrefix = "";
        private String realm = "Slipway";
        private int maxCommits = 20;

        private Builder(Repositories repositories, AccessControl access) {
            this.repositories = repositories;
            this.access = access;
        }

        /** Checks pushes before refs move (default: accept all). */
        public Builder receiveRules(ReceiveRules rules) {
            this.rules = rules;
            return this;
        }

        /** Told about every successful push (default: nobody). */
        public Builder pushListener(PushListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * A prefix such as {@code /git} that is stripped from the servlet's path info when present, for hosts that
         * map the servlet at {@code /*} (default: none).
         */
        public Builder pathPrefix(String prefix) {
            String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            this.pathPrefix = p.isEmpty() || p.startsWith("/") ? p : "/" + p;
            return this;
        }

        /** The realm of the Basic challenge (default {@code Slipway}). */
        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        /** How many of a ref's newest commits a {@link PushEvent} details (default 20, GitHub's cap). */
        public Builder maxCommitsPerRef(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("max must be >= 0");
            }
            this.maxCommits = max;
            return this;
        }

        /** A new servlet; the container initialises it. */
        public GitServlet build() {
            return new SlipwayGitServlet(repositories, access, rules, listener, pathPrefix, realm, maxCommits);
        }
    }
}
