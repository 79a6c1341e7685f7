package dev.slipway.server.web;

import dev.slipway.git.Repositories;
import dev.slipway.server.agents.AgentRegistry;
import dev.slipway.server.api.RunControl;
import dev.slipway.server.auth.Authenticator;
import dev.slipway.server.auth.Permissions;
import dev.slipway.server.pulls.PullMerger;
import dev.slipway.server.pulls.Pulls;
import dev.slipway.server.releases.ReleaseFiles;
import dev.slipway.server.store.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The browser UI: sign-in, the repository list, repository pages, and the actions pages (runs, a run's jobs, a job's
 * log). Mount it after the API so the API's paths are matched first.
 */
public final class Web {
    private static final String HTMX = "/META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js";

    private final Visitors visitors;
    private final Templates templates = new Templates();
    private final RepoPages repoPages;
    private final ActionsPages actionsPages;
    private final EnvironmentPages environmentPages;
    private final WorkflowPages workflowPages;
    private final ImagesPage imagesPage;
    private final ReleasesPage releasesPage;
    private final ArchivePage archivePage;
    private final PullPages pullPages;
    private final DispatchPage dispatchPage;

    private final Optional<AgentsPages> agentsPages;
    private final TokensPage tokensPage;
    private final Database db;
    private final Access access;
    private Optional<HookPages> hookPages = Optional.empty();

    /**
     * @param publicUrl the server's URL as clients see it, for clone URLs; empty: from each request
     * @param authenticator checks the {@code Authorization} header of asset downloads by API clients
     * @param releases the files of release assets
     */
    public Web(
            Database db,
            Repositories git,
            Permissions permissions,
            RunControl runs,
            Optional<String> publicUrl,
            Pulls pulls,
            PullMerger merger,
            Optional<AgentRegistry> agents,
            Authenticator authenticator,
            ReleaseFiles releases) {
        this.db = db;
        this.visitors = new Visitors(db);
        var access = new Access(db, permissions, visitors, authenticator);
        this.access = access;
        this.repoPages = new RepoPages(db, git, access, templates, publicUrl);
        this.environmentPages = new EnvironmentPages(db, git, access, templates);
        this.actionsPages = new ActionsPages(db, git, runs, access, templates, environmentPages);
        this.workflowPages = new WorkflowPages(db, access);
        this.dispatchPage = new DispatchPage(git, runs, access, templates);
        this.imagesPage = new ImagesPage(db, access, templates, publicUrl);
        this.releasesPage = new ReleasesPage(db, git, access, permissions, releases, templates);
        this.archivePage = new ArchivePage(git, access);
        this.pullPages = new PullPages(db, pulls, merger, permissions, access, templates);
        this.agentsPages = agents.map(a -> new AgentsPages(a, visitors, templates));
        this.tokensPage = new TokensPage(db, visitors, templates);
    }

    /** Serves the repositories' webhook settings ({@code /owner/repo/settings/hooks}); before {@link #mount}. */
    public Web webhooks(dev.slipway.server.hooks.Webhooks hooks) {
        this.hookPages = Optional.of(new HookPages(db, hooks, access, templates));
        return this;
    }

    /**
     * Shows the environments' services on the environments page, with their forms, and each environment's scale
     * schedule as {@code schedule} describes it; before {@link #mount}.
     */
    public Web services(
            dev.slipway.server.services.ServiceManager manager,
            java.util.function.BiFunction<dev.slipway.server.store.Environment, java.time.Instant, String> schedule) {
        environmentPages.services(new ServicePages(db, manager, access), schedule);
        return this;
    }

    /** Registers the pages, the static files and the not-found page. */
    public void mount(RoutesConfig routes) {
        routes.get("/-/app.css", ctx -> resource(ctx, "/slipway-web/app.css", "text/css; charset=utf-8"));
        routes.get("/-/htmx.min.js", ctx -> resource(ctx, HTMX, "text/javascript; charset=utf-8"));
        routes.get("/-/app.js", ctx -> resource(ctx, "/slipway-web/app.js", "text/javascript; charset=utf-8"));
        routes.get("/login", this::loginForm);
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
        agentsPages.ifPresent(p -> p.mount(routes)); // before /{owner}/{repo}
        tokensPage.mount(routes);
        repoPages.mount(routes);
        workflowPages.mount(routes);
        actionsPages.mount(routes);
        environmentPages.mount(routes);
        imagesPage.mount(routes);
        releasesPage.mount(routes);
        archivePage.mount(routes);
        pullPages.mount(routes);
        dispatchPage.mount(routes);
        hookPages.ifPresent(p -> p.mount(routes));
        routes.exception(NotFound.class, (e, ctx) -> error(ctx, 404, "Not found", e.getMessage()));
        routes.exception(Forbidden.class, (e, ctx) -> error(ctx, 403, "Not allowed", e.getMessage()));
    }

    private void error(Context ctx, int status, String heading, String message) {
        var visitor = visitors.visitor(ctx);
        ctx.status(status);
        templates.page(
                ctx,
                "error.jte",
                Map.of("chrome", Access.chrome(heading, visitor), "heading", heading, "message", message));
    }

    private void loginForm(Context ctx) {
        var visitor = visitors.visitor(ctx);
        if (visitor.user().isPresent()) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        showLogin(ctx, visitor, "", "");
    }

    private void login(Context ctx) {
        var visitor = visitors.visitor(ctx);
        var login = Optional.ofNullable(ctx.formParam("login")).orElse("");
        if (!Visitors.csrfMatches(ctx, visitor)) {
            ctx.status(403);
            showLogin(ctx, visitor, login, "Your form expired; please try again.");
            return;
        }
        var password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (visitors.signIn(ctx, login, password).isEmpty()) {
            ctx.status(401);
            showLogin(ctx, visitor, login, "Incorrect login or password.");
            return;
        }
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void showLogin(Context ctx, Visitors.Visitor visitor, String login, String error) {
        templates.page(
                ctx, "login.jte", Map.of("chrome", Access.chrome("Sign in", visitor), "login", login, "error", error));
    }

    private void logout(Context ctx) {
        var visitor = visitors.visitor(ctx);
        if (!Visitors.csrfMatches(ctx, visitor)) {
            ctx.status(403).result("Forbidden: the form's CSRF token does not match");
            return;
        }
        visitors.signOut(ctx);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private static void resource(Context ctx, String path, String type) {
        try (var in = Web.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new NotFound();
            }
            ctx.header("Cache-Control", "public, max-age=3600");
            ctx.contentType(type).result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
