/** Git hosting: bare repositories on disk, smart HTTP with JGit, push events and receive-time rules. */
@NullMarked
package dev.slipway.git;

import org.jspecify.annotations.NullMarked;
