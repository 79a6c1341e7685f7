/** Test fixtures: temporary git repositories and helpers. */
@NullMarked
package dev.slipway.testing;

import org.jspecify.annotations.NullMarked;
