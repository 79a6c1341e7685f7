/**
 * Workflow runs on the server: push and dispatch triggers, the embedded agent that executes queued runs with the
 * engine's orchestrator, job and step records, logs and commit statuses, cancellation and crash recovery.
 */
@NullMarked
package dev.slipway.server.runs;

import org.jspecify.annotations.NullMarked;
