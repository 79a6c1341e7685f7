/** The slipway command. */
@NullMarked
package dev.slipway.cli;

import org.jspecify.annotations.NullMarked;
