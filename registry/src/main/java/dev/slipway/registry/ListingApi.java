package dev.slipway.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tag lists, the catalog and the referrers API. */
final class ListingApi {
    private static final String JSON = "application/json";

    private final Storage storage;
    private final AccessControl access;

    ListingApi(Storage storage, AccessControl access) {
        this.storage = storage;
        this.access = access;
    }

    void tags(Exchange ex, Route.Tags route) throws IOException {
        if (!storage.repositories.exists(route.name())) {
            throw new RegistryException(ErrorCode.NAME_UNKNOWN, "repository " + route.name() + " is unknown");
        }
        Page page = Page.of(storage.repositories.tags(route.name()), ex.query("n"), ex.query("last"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", route.name());
        body.put("tags", page.items());
        page.link(ex.location("/" + route.name() + "/tags/list")).ifPresent(l -> ex.header("Link", l));
        ex.send(200, JSON, Manifest.JSON.writeValueAsBytes(body));
    }

    /** Only repositories the caller may pull from are listed. */
    void catalog(Exchange ex, AccessControl.Caller caller) throws IOException {
        List<String> visible = storage.repositories.names().stream()
                .filter(name -> access.may(caller, name, RegistryAction.PULL))
                .toList();
        Page page = Page.of(visible, ex.query("n"), ex.query("last"));
        page.link(ex.location("/_catalog")).ifPresent(l -> ex.header("Link", l));
        ex.send(200, JSON, Manifest.JSON.writeValueAsBytes(Map.of("repositories", page.items())));
    }

    void referrers(Exchange ex, Route.Referrers route) throws IOException {
        Optional<String> artifactType = ex.query("artifactType").filter(t -> !t.isBlank());
        List<Object> manifests = new ArrayList<>();
        for (byte[] descriptor : storage.repositories.referrers(route.name(), route.digest())) {
            Map<?, ?> parsed = Manifest.JSON.readValue(descriptor, Map.class);
            if (artifactType.isEmpty() || artifactType.get().equals(parsed.get("artifactType"))) {
                manifests.add(parsed);
            }
        }
        artifactType.ifPresent(t -> ex.header("OCI-Filters-Applied", "artifactType"));
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        index.put("manifests", manifests);
        ex.send(200, MediaTypes.OCI_INDEX, Manifest.JSON.writeValueAsBytes(index));
    }
}
