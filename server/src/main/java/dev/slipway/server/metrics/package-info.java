/**
 * Server metrics with Micrometer, served at {@code GET /metrics} in the Prometheus text format: workflow runs and
 * jobs by conclusion, queue wait and durations, HTTP requests by method, route template and status, and JVM basics.
 */
@NullMarked
package dev.slipway.server.metrics;

import org.jspecify.annotations.NullMarked;
