/** Persistence of the server: Flyway migrations and JDBI repositories over H2 (embedded) or PostgreSQL. */
@NullMarked
package dev.slipway.server.store;

import org.jspecify.annotations.NullMarked;
