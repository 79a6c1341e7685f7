/**
 * Runs a whole workflow run on one machine: the needs graph, matrix fan-out, job conditions, fail-fast,
 * max-parallel, concurrency groups, reusable workflows and runs-on label matching, on top of the job runtime.
 */
@NullMarked
package dev.slipway.run;

import org.jspecify.annotations.NullMarked;
