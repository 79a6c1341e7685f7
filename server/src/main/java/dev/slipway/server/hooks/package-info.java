/** Repository webhooks: events posted, signed, to the addresses a repository's administrators set. */
@NullMarked
package dev.slipway.server.hooks;

import org.jspecify.annotations.NullMarked;
