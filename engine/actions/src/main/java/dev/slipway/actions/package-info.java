/** Built-in actions (checkout, artifacts, cache, setup of installed toolchains) and the resolution of remote actions from a local action source. */
@NullMarked
package dev.slipway.actions;

import org.jspecify.annotations.NullMarked;
