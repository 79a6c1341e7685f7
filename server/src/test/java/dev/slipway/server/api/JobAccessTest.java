package dev.slipway.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.server.api.JobAccess.Need;
import dev.slipway.workflow.TokenPermissions;
import dev.slipway.workflow.TokenPermissions.Access;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The permission each route of a repository needs of a job's token: GitHub's "Permissions for the GITHUB_TOKEN". */
class JobAccessTest {
    private static final TokenPermissions NONE = TokenPermissions.of(Map.of());
    private static final TokenPermissions WRITE_ALL = TokenPermissions.all(Access.WRITE);

    @Test
    void readsNeedReadAndEverythingElseWrite() {
        assertNeeds(
                "GET /commits/main/statuses", "statuses: read",
                "GET /statuses/abc", "statuses: read",
                "POST /statuses/abc", "statuses: write",
                "GET /commits/main/status", "statuses: read",
                "GET /commits/main/check-runs", "checks: read",
                "GET /commits", "contents: read",
                "GET /commits/abc", "contents: read",
                "GET /contents/src/a.txt", "contents: read",
                "GET /readme", "contents: read",
                "GET /tarball/v1.0", "contents: read",
                "GET /zipball", "contents: read",
                "GET /git/trees/main", "contents: read");
    }

    @Test
    void pullRequestsTheirCommentsAndMerges() {
        assertNeeds(
                "GET /pulls", "pull-requests: read",
                "POST /pulls", "pull-requests: write",
                "PATCH /pulls/3", "pull-requests: write",
                "POST /pulls/3/reviews", "pull-requests: write",
                "POST /pulls/3/comments", "pull-requests: write",
                // merging writes the repository's contents, as on GitHub
                "PUT /pulls/3/merge", "contents: write",
                "PUT /pulls/3/auto-merge", "contents: write",
                "GET /pulls/3/merge", "pull-requests: read",
                // a comment on a pull request's number: issues or pull-requests will do
                "POST /issues/3/comments", "issues or pull-requests: write");
        var comment = JobAccess.needed("POST", "/issues/3/comments");
        assertThat(comment.grantedBy(TokenPermissions.of(Map.of("issues", Access.WRITE))))
                .isTrue();
        assertThat(comment.grantedBy(TokenPermissions.of(Map.of("pull-requests", Access.WRITE))))
                .isTrue();
        assertThat(comment.grantedBy(TokenPermissions.of(Map.of("issues", Access.READ))))
                .isFalse();
        assertThat(comment.header()).isEqualTo("issues=write; pull-requests=write");
    }

    @Test
    void actionsAndPackages() {
        assertNeeds(
                "GET /actions/runs", "actions: read",
                "GET /actions/jobs/7/logs", "actions: read",
                "POST /actions/runs/7/rerun", "actions: write",
                "POST /actions/workflows/ci.yml/dispatches", "actions: write",
                "DELETE /actions/caches", "actions: write",
                "GET /actions/artifacts/3/zip", "actions: read",
                "GET /actions/runs/7/pending_deployments", "actions: read",
                "POST /actions/runs/7/pending_deployments", "actions: write",
                "GET /environments", "actions: read",
                "GET /environments/production/deployment-branch-policies", "actions: read",
                "GET /deployments/3/statuses", "deployments: read",
                "GET /environments/staging/services", "deployments: read",
                "POST /environments/staging/services/web/rollouts", "deployments: write",
                "PUT /environments/staging/services/web/bundle", "deployments: write",
                "GET /images", "packages: read");
    }

    /** Pairs of a route ({@code METHOD /rest}) and the permission it needs, as text. */
    private static void assertNeeds(String... routesAndNeeds) {
        for (int i = 0; i < routesAndNeeds.length; i += 2) {
            assertThat(need(routesAndNeeds[i])).as(routesAndNeeds[i]).hasToString(routesAndNeeds[i + 1]);
        }
    }

    private static Need need(String route) {
        var space = route.indexOf(' ');
        return JobAccess.needed(route.substring(0, space), route.substring(space + 1));
    }

    @Test
    void theRepositoryAndItsBranchesAreMetadataWhichEveryJobReads() {
        for (var rest : List.of("", "/branches")) {
            var need = JobAccess.needed("GET", rest);
            assertThat(need).isEqualTo(Need.METADATA);
            assertThat(need.grantedBy(NONE)).isTrue();
        }
    }

    @Test
    void administrationIsNeverGrantedAndUnknownRoutesCountAsIt() {
        for (var route : List.of(
                "PATCH ",
                "DELETE ",
                "GET /actions/secrets",
                "PUT /actions/secrets/TOKEN",
                "GET /actions/variables/NAME",
                "POST /actions/variables",
                "GET /collaborators",
                "PUT /collaborators/bob",
                "GET /branches/main/protection",
                "PUT /branches/release/1.x/protection",
                "GET /branch-protections",
                "GET /branch-protections/bypasses",
                "PUT /environments/production",
                "GET /environments/production/secrets",
                "GET /environments/production/variables/REGION",
                "PUT /environments/staging/scale-schedule",
                "GET /images/immutable-tags",
                "PUT /images/immutable-tags",
                "GET /hooks")) {
            var need = need(route);
            assertThat(need).as(route).isEqualTo(Need.ADMINISTRATION);
            assertThat(need.grantedBy(WRITE_ALL)).as(route).isFalse();
        }
    }

    @Test
    void aPermissionIsGrantedAtItsLevelOrAbove() {
        var read = TokenPermissions.of(Map.of("statuses", Access.READ));
        assertThat(JobAccess.needed("GET", "/statuses/a").grantedBy(read)).isTrue();
        assertThat(JobAccess.needed("POST", "/statuses/a").grantedBy(read)).isFalse();
        assertThat(JobAccess.needed("GET", "/statuses/a").grantedBy(NONE)).isFalse();
        assertThat(JobAccess.needed("POST", "/statuses/a").grantedBy(TokenPermissions.DEFAULT))
                .isTrue();
    }
}
