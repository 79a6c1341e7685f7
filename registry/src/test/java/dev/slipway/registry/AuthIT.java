package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.slipway.testing.OciLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bearer token flow with skopeo and plain HTTP: challenges, token endpoint, scopes, anonymous public pulls. */
class AuthIT {
    @TempDir
    Path tmp;

    private RegistryServer server;
    private Http http;

    @BeforeEach
    void start() {
        CredentialChecker users = (user, secret) ->
                user.equals("alice") && secret.equals("s3cret") ? Optional.of("alice") : Optional.empty();
        // alice may do everything; anonymous may pull public/* only
        Authorizer authorizer = (principal, repo) -> principal.isPresent()
                ? EnumSet.allOf(RegistryAction.class)
                : repo.startsWith("public/") ? EnumSet.of(RegistryAction.PULL) : EnumSet.noneOf(RegistryAction.class);
        TokenService tokens =
                TokenService.create(users, "a-test-secret-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8));
        server = RegistryServer.start(
                Registry.builder(tmp.resolve("registry"))
                        .authorizer(authorizer)
                        .tokens(tokens)
                        .build(),
                0);
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void challengesAndIssuesScopedTokens() {
        var base = http.get("/v2/");
        assertThat(base.statusCode()).isEqualTo(401);
        assertThat(Http.header(base, "WWW-Authenticate"))
                .isEqualTo("Bearer realm=\"http://127.0.0.1:" + server.port() + "/v2/token\",service=\"slipway\"");
        var push = http.send("POST", "/v2/private/app/blobs/uploads/", new byte[0]);
        assertThat(push.statusCode()).isEqualTo(401);
        assertThat(Http.header(push, "WWW-Authenticate")).contains("scope=\"repository:private/app:pull,push\"");
        assertThat(Http.text(push)).contains("UNAUTHORIZED");

        String basic = "Basic "
                + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        var token =
                http.get("/v2/token?service=slipway&scope=repository:private/app:pull,push", "Authorization", basic);
        assertThat(token.statusCode()).isEqualTo(200);
        String jwt = Http.text(token).replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        var started =
                http.send("POST", "/v2/private/app/blobs/uploads/", new byte[0], "Authorization", "Bearer " + jwt);
        assertThat(started.statusCode()).isEqualTo(202);
        // the token is scoped: another repository needs another token
        var other =
                http.send("POST", "/v2/private/other/blobs/uploads/", new byte[0], "Authorization", "Bearer " + jwt);
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(Http.header(other, "WWW-Authenticate")).contains("error=\"insufficient_scope\"");

        assertThat(http.get("/v2/token?scope=repository:x:pull", "Authorization", "Basic YWxpY2U6bm9wZQ==")
                        .statusCode())
                .isEqualTo(401);
        // anonymous tokens only carry what anonymous may do
        var anonymous = http.get("/v2/token?service=slipway&scope=repository:public/app:pull,push");
        String anonJwt = Http.text(anonymous).replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        assertThat(http.send("POST", "/v2/public/app/blobs/uploads/", new byte[0], "Authorization", "Bearer " + anonJwt)
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void skopeoPushesWithCredentialsAndAnonymousPullsPublicOnly() {
        assumeTrue(Tools.available("skopeo"), "skopeo is not installed");
        OciLayout layout = new OciLayout(tmp.resolve("layout"));
        layout.ref("single", layout.image("amd64", "auth\n", "feed"));
        String src = "oci:" + layout.dir() + ":single";
        String host = server.hostPort();

        Tools.Result denied = Tools.run(List.of(
                "skopeo",
                "--insecure-policy",
                "copy",
                "--dest-tls-verify=false",
                src,
                "docker://" + host + "/public/app:1"));
        assertThat(denied.exit()).as(denied.output()).isNotZero();
        Tools.Result wrong = Tools.run(List.of(
                "skopeo",
                "--insecure-policy",
                "copy",
                "--dest-tls-verify=false",
                "--dest-creds",
                "alice:wrong",
                src,
                "docker://" + host + "/public/app:1"));
        assertThat(wrong.exit()).as(wrong.output()).isNotZero();
        Tools.Result pushed = Tools.run(List.of(
                "skopeo",
                "--insecure-policy",
                "copy",
                "--dest-tls-verify=false",
                "--dest-creds",
                "alice:s3cret",
                src,
                "docker://" + host + "/public/app:1"));
        assertThat(pushed.exit()).as(pushed.output()).isZero();
        Tools.Result privatePush = Tools.run(List.of(
                "skopeo",
                "--insecure-policy",
                "copy",
                "--dest-tls-verify=false",
                "--dest-creds",
                "alice:s3cret",
                src,
                "docker://" + host + "/private/app:1"));
        assertThat(privatePush.exit()).as(privatePush.output()).isZero();

        Tools.Result anonymousPublic = Tools.run(
                List.of("skopeo", "inspect", "--tls-verify=false", "--no-creds", "docker://" + host + "/public/app:1"));
        assertThat(anonymousPublic.exit()).as(anonymousPublic.output()).isZero();
        Tools.Result anonymousPrivate = Tools.run(List.of(
                "skopeo", "inspect", "--tls-verify=false", "--no-creds", "docker://" + host + "/private/app:1"));
        assertThat(anonymousPrivate.exit()).as(anonymousPrivate.output()).isNotZero();
    }
}
