/** Fake executor: scripted outcomes for fast tests. */
@NullMarked
package dev.slipway.executor.fake;

import org.jspecify.annotations.NullMarked;
