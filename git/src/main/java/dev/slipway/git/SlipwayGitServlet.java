package dev.slipway.git;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.http.server.GitSmartHttpTools;
import org.eclipse.jgit.http.server.resolver.AsIsFileService;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;

/** JGit's git servlet behind Slipway's authentication, authorisation and receive hooks. */
final class SlipwayGitServlet extends GitServlet {
    private static final long serialVersionUID = 1L;
    static final String PRINCIPAL = SlipwayGitServlet.class.getName() + ".principal";
    static final String REPO = SlipwayGitServlet.class.getName() + ".repo";

    private final transient AccessControl access;
    private final transient Housekeeping housekeeping;
    private final String pathPrefix;
    private final String realm;

    SlipwayGitServlet(
            Repositories repositories,
            AccessControl access,
            ReceiveRules rules,
            PushListener listener,
            String pathPrefix,
            String realm,
            int maxCommits) {
        this.access = access;
        this.pathPrefix = pathPrefix;
        this.realm = realm;
        this.housekeeping = new Housekeeping(repositories);
        setAsIsFileService(AsIsFileService.DISABLED);
        // Only the repository service() authorised may be opened, whatever JGit's own path parsing yields.
        setRepositoryResolver((req, name) -> RepoName.parse(name)
                .filter(r -> r.equals(req.getAttribute(REPO)))
                .flatMap(repositories::openRepository)
                .orElseThrow(() -> new RepositoryNotFoundException(name)));
        setUploadPackFactory((req, db) -> new UploadPack(db));
        setReceivePackFactory((req, db) -> {
            if (!(req.getAttribute(PRINCIPAL) instanceof Principal pusher)
                    || !(req.getAttribute(REPO) instanceof RepoName repo)) {
                throw new ServiceNotAuthorizedException();
            }
            ReceivePack rp = new ReceivePack(db);
            rp.setRefLogIdent(new PersonIdent(pusher.name(), pusher.email()));
            rp.setAllowCreates(true);
            rp.setAllowDeletes(true);
            rp.setAllowNonFastForwards(true);
            ReceiveHooks hooks =
                    new ReceiveHooks(repo, pusher, rules, listener, maxCommits, () -> housekeeping.pushed(repo));
            rp.setPreReceiveHook(hooks);
            rp.setPostReceiveHook(hooks);
            return rp;
        });
    }

    @Override
    public void destroy() {
        housekeeping.close();
        super.destroy();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws ServletException, IOException {
        String path = Optional.ofNullable(req.getPathInfo()).orElse("");
        boolean stripped = !pathPrefix.isEmpty() && path.startsWith(pathPrefix + "/");
        if (stripped) {
            path = path.substring(pathPrefix.length());
        }
        Optional<RepoName> repo = repoOf(path);
        if (repo.isEmpty()) {
            res.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        Optional<Credentials> credentials = Credentials.parse(req.getHeader("Authorization"));
        Optional<Principal> who = credentials.flatMap(c -> access.authenticate(c.user(), c.secret()));
        if (credentials.isPresent() && who.isEmpty()) {
            challenge(res, "Invalid username, password or token.");
            return;
        }
        boolean push = path.endsWith("/" + GitSmartHttpTools.RECEIVE_PACK)
                || ("&" + Optional.ofNullable(req.getQueryString()).orElse("") + "&")
                        .contains("&service=" + GitSmartHttpTools.RECEIVE_PACK + "&");
        if (push && who.isEmpty()) {
            challenge(res, "Authentication required to push to " + repo.get() + ".");
            return;
        }
        boolean allowed = push ? access.canWrite(who.orElseThrow(), repo.get()) : access.canRead(who, repo.get());
        if (!allowed && who.isEmpty()) {
            challenge(res, "Authentication required for " + repo.get() + ".");
            return;
        }
        if (!allowed) {
            // git prints a text/plain error body as "remote: ..." lines
            plain(res, HttpServletResponse.SC_FORBIDDEN, access.refusal(who.orElseThrow(), repo.get(), push));
            return;
        }
        who.ifPresent(p -> req.setAttribute(PRINCIPAL, p));
        req.setAttribute(REPO, repo.get());
        super.service(new AuthenticatedRequest(req, who, stripped ? pathPrefix : ""), res);
    }

    /** The repository named by the first two segments of {@code /owner/name[.git]/service...}. */
    static Optional<RepoName> repoOf(String path) {
        String[] parts = path.split("/", 4);
        if (parts.length < 4 || !parts[0].isEmpty()) {
            return Optional.empty();
        }
        return RepoName.parse(parts[1] + "/" + parts[2]);
    }

    private void challenge(HttpServletResponse res, String message) throws IOException {
        res.setHeader("WWW-Authenticate", "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
        plain(res, HttpServletResponse.SC_UNAUTHORIZED, message);
    }

    private static void plain(HttpServletResponse res, int status, String message) throws IOException {
        res.setStatus(status);
        res.setHeader("Cache-Control", "no-cache");
        res.setContentType("text/plain; charset=UTF-8");
        res.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
