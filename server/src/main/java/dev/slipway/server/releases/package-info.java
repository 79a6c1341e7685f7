/**
 * Releases as part of the product: the files of release assets under the data directory, kept in step with their
 * rows in the store.
 */
@NullMarked
package dev.slipway.server.releases;

import org.jspecify.annotations.NullMarked;
