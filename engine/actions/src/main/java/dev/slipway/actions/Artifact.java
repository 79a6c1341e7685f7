package dev.slipway.actions;

import java.time.Instant;

/**
 * A stored artifact: one zip per name and run.
 *
 * @param id numeric id, unique within the store
 * @param runId the run that uploaded it
 * @param name its name within the run
 * @param size size of the zip in bytes
 * @param digest {@code sha256:<hex>} of the zip
 * @param url where a person can download it (a file URI for local stores, a web URL for the server)
 * @param created upload time
 * @param expires when the store may delete it
 */
public record Artifact(
        long id, String runId, String name, long size, String digest, String url, Instant created, Instant expires) {}
