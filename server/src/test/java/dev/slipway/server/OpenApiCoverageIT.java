package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Keeps {@code docs/api/openapi.yaml} in sync with the server: every route the server registers is documented, and
 * every documented operation exists. The registry's {@code /v2} routes follow the OCI distribution spec instead, and
 * the web UI's pages are HTML, not API.
 */
class OpenApiCoverageIT {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    @TempDir
    Path dir;

    @Test
    void everyRegisteredRouteIsDocumentedAndViceVersa() throws IOException {
        Set<String> registered = new TreeSet<>();
        try (var server = TestServer.start(dir, Optional.empty())) {
            for (var route : server.server.routes()) {
                var method = route.substring(0, route.indexOf(' '));
                // Javalin's <param> (which may hold slashes) is a {param} in OpenAPI
                var path = route.substring(route.indexOf(' ') + 1).replaceAll("<([^>]+)>", "{$1}");
                // The registry's /v2 follows the OCI spec; the web UI's HTML pages are not API.
                if (METHODS.contains(method)
                        && (path.startsWith("/api/") || path.equals("/healthz") || path.startsWith("/.well-known/"))) {
                    registered.add(method + " " + path);
                }
            }
        }
        var documented = documented();

        assertThat(registered)
                .contains(
                        "GET /healthz",
                        "GET /api/v3/repos/{owner}/{repo}/actions/runs",
                        "GET /.well-known/openid-configuration");
        assertThat(documented).as("routes missing from docs/api/openapi.yaml").containsAll(registered);
        assertThat(registered).as("documented routes the server does not have").containsAll(documented);
    }

    /** Keys a path item may hold besides operations. */
    private static final Set<String> PATH_ITEM_KEYS =
            Set.of("parameters", "summary", "description", "servers", "options", "trace");

    @Test
    @SuppressWarnings("unchecked")
    void everyPathItemHoldsOnlyOperationsAndEveryReferenceResolves() throws IOException {
        var text = Files.readString(openApiFile());
        var spec = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        var paths = (Map<String, Map<String, Object>>) spec.get("paths");
        paths.forEach((path, item) -> assertThat(item.keySet())
                .as("keys of path %s", path)
                .allSatisfy(k -> assertThat(METHODS.contains(k.toUpperCase(Locale.ROOT)) || PATH_ITEM_KEYS.contains(k))
                        .as("'%s' under %s is neither an operation nor a path item field", k, path)
                        .isTrue()));
        var refs = java.util.regex.Pattern.compile("\\$ref: \"?#/([^\"\\s}]+)").matcher(text);
        int count = 0;
        while (refs.find()) {
            Object node = spec;
            for (var part : refs.group(1).split("/")) {
                assertThat(node).as("#/%s", refs.group(1)).isInstanceOf(Map.class);
                node = ((Map<String, Object>) node).get(part);
            }
            assertThat(node).as("$ref #/%s resolves", refs.group(1)).isNotNull();
            count++;
        }
        assertThat(count).as("references checked").isGreaterThan(10);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documented() throws IOException {
        var spec = (Map<String, Object>)
                new Load(LoadSettings.builder().build()).loadFromString(Files.readString(openApiFile()));
        assertThat(spec.get("openapi")).isEqualTo("3.1.0");
        Set<String> operations = new TreeSet<>();
        var paths = (Map<String, Map<String, Object>>) spec.get("paths");
        paths.forEach((path, item) -> item.keySet().stream()
                .map(k -> k.toUpperCase(Locale.ROOT))
                .filter(METHODS::contains)
                .forEach(m -> operations.add(m + " " + path)));
        return operations;
    }

    private static Path openApiFile() {
        for (var d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            var candidate = d.resolve("docs/api/openapi.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(
                "docs/api/openapi.yaml not found above " + Path.of("").toAbsolutePath());
    }
}
