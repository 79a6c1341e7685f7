package dev.slipway.server.api;

import dev.slipway.server.auth.Caller;
import dev.slipway.server.store.Database;
import dev.slipway.workflow.TokenPermissions;
import dev.slipway.workflow.TokenPermissions.Access;
import io.javalin.http.Context;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a job's token ({@code GITHUB_TOKEN}) may call, as on GitHub ("Permissions for the GITHUB_TOKEN"): the routes of
 * its own repository, each needing one permission of the job's {@code permissions:} (read for GET, write otherwise;
 * the repository's metadata always readable); repository administration (settings, secrets, variables, collaborators,
 * branch protection, immutable tags) never. Other repositories it sees as anyone does; nothing outside repositories.
 */
final class JobAccess {
    private JobAccess() {}

    /** A permission a route needs: one of {@code anyOf} at {@code access} at least. */
    record Need(List<String> anyOf, Access access) {
        /** What every job's token has: reading the repository itself and its branches. */
        static final Need METADATA = new Need(List.of("metadata"), Access.READ);
        /** What no job's token has. */
        static final Need ADMINISTRATION = new Need(List.of("administration"), Access.WRITE);

        static Need of(String scope, boolean write) {
            return new Need(List.of(scope), write ? Access.WRITE : Access.READ);
        }

        boolean grantedBy(TokenPermissions permissions) {
            return this.equals(METADATA)
                    || anyOf.stream().anyMatch(s -> permissions.get(s).compareTo(access) >= 0);
        }

        /** As GitHub's {@code X-Accepted-GitHub-Permissions} header: {@code statuses=write}. */
        String header() {
            return anyOf.stream().map(s -> s + "=" + access).collect(Collectors.joining("; "));
        }

        @Override
        public String toString() {
            return String.join(" or ", anyOf) + ": " + access;
        }
    }

    /**
     * The caller a job's token amounts to for this request: itself in its own repository when its permissions allow
     * the route, anonymous for a read of another repository; otherwise an {@link ApiError} (403, or 404 for a
     * repository anonymous may not see).
     */
    static Caller check(Context ctx, Caller.Job caller, Database db) {
        var job = caller.job();
        var path = ctx.path().substring(Api.PREFIX.length());
        var parts = path.split("/", 5);
        if (parts.length < 4 || !parts[1].equals("repos")) {
            throw ApiError.forbidden("A job's GITHUB_TOKEN may only call the routes of its repository ("
                    + Api.PREFIX + "/repos/" + job.repository() + "/...), not " + ctx.method() + " " + ctx.path()
                    + "; use a personal access token for anything else");
        }
        var repo = db.repos().find(parts[2], parts[3]);
        boolean read = isRead(ctx.method().name());
        if (repo.isEmpty() || repo.get().id() != job.repoId()) {
            if (read) {
                return new Caller.Anonymous();
            }
            if (repo.isEmpty() || repo.get().isPrivate()) {
                throw ApiError.notFound();
            }
            throw ApiError.forbidden("A job's GITHUB_TOKEN acts only on " + job.repository()
                    + ", the repository of its run, not on " + repo.get().fullName());
        }
        var need = needed(ctx.method().name(), parts.length > 4 ? "/" + parts[4] : "");
        if (need.equals(Need.ADMINISTRATION)) {
            throw ApiError.forbidden("A job's GITHUB_TOKEN may not call " + ctx.method() + " " + ctx.path()
                    + ": repository administration (settings, secrets, variables, collaborators, branch protection)"
                    + " needs a personal access token of a user with admin access");
        }
        if (!need.grantedBy(job.permissions())) {
            ctx.header("X-Accepted-GitHub-Permissions", need.header());
            throw ApiError.forbidden("The job's GITHUB_TOKEN lacks " + need + " (its permissions: "
                    + job.permissions().summary() + "), which " + ctx.method() + " " + ctx.path()
                    + " needs; grant it in the workflow's or the job's 'permissions:'");
        }
        return caller;
    }

    /**
     * The permission a route of a repository needs, {@code rest} being its path after {@code /repos/{owner}/{repo}}
     * ({@code ""}, {@code /statuses/abc}, ...). Routes not known here count as administration, so that a route added
     * later stays closed to job tokens until it is given a permission.
     */
    static Need needed(String method, String rest) {
        boolean write = !isRead(method);
        var segments = rest.isEmpty() ? new String[] {""} : rest.substring(1).split("/");
        String second = segments.length > 1 ? segments[1] : "";
        String third = segments.length > 2 ? segments[2] : "";
        return switch (segments[0]) {
            case "" -> write ? Need.ADMINISTRATION : Need.METADATA;
            case "branches" ->
                rest.endsWith("/protection") || rest.contains("/protection/") || write
                        ? Need.ADMINISTRATION
                        : Need.METADATA;
            case "commits" ->
                switch (third) {
                    case "status", "statuses" -> Need.of("statuses", write);
                    case "check-runs", "check-suites" -> Need.of("checks", write);
                    default -> Need.of("contents", write);
                };
            case "statuses" -> Need.of("statuses", write);
            case "check-runs", "check-suites" -> Need.of("checks", write);
            case "contents", "readme", "tarball", "zipball", "git", "releases", "tags", "compare" ->
                Need.of("contents", write);
            case "pulls" ->
                (third.equals("merge") || third.equals("auto-merge")) && write
                        ? Need.of("contents", true)
                        : Need.of("pull-requests", write);
            case "issues" ->
                third.equals("comments") || second.equals("comments")
                        ? new Need(List.of("issues", "pull-requests"), write ? Access.WRITE : Access.READ)
                        : Need.of("issues", write);
            case "actions" ->
                switch (second) {
                    case "secrets", "variables" -> Need.ADMINISTRATION;
                    default -> Need.of("actions", write);
                };
            case "images" -> second.equals("immutable-tags") ? Need.ADMINISTRATION : Need.of("packages", write);
            case "deployments" -> Need.of("deployments", write);
            // reading environments and their rules is actions: read; changing them, and their secrets and
            // variables, is administration (GitHub's token has no secrets or variables permission)
            // an environment's services are deployments (ADR 0017); routes check the job's own environment
            case "environments" ->
                third.equals("services")
                        ? Need.of("deployments", write)
                        : write || segments.length > 2 && (third.equals("secrets") || third.equals("variables"))
                                ? Need.ADMINISTRATION
                                : Need.of("actions", false);
            default -> Need.ADMINISTRATION;
        };
    }

    private static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }
}
