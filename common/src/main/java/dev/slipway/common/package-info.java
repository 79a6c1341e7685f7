/** Small value types shared by every Slipway module: source spans, diagnostics, digests. */
@NullMarked
package dev.slipway.common;

import org.jspecify.annotations.NullMarked;
