/**
 * Branch protection (enforced when git receives a push and when a pull request merges), pull requests, reviews,
 * required checks, merging and auto-merge.
 */
@NullMarked
package dev.slipway.server.pulls;

import org.jspecify.annotations.NullMarked;
