/**
 * The Slipway server's composition root: configuration, start and stop, and the wiring of store, git hosting,
 * registry, API and workflow runs into one Javalin (Jetty 12) application.
 */
@NullMarked
package dev.slipway.server;

import org.jspecify.annotations.NullMarked;
