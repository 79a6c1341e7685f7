/** The REST API under {@code /api/v3}, shaped after GitHub's: users, tokens, repositories, commits, statuses, actions. */
@NullMarked
package dev.slipway.server.api;

import org.jspecify.annotations.NullMarked;
