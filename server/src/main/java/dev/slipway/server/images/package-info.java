/**
 * The registry as part of the product: a catalogue of the images pushed under hosted repositories, linked to their
 * source commits and runs, and each repository's immutable tag patterns enforced on push.
 */
@NullMarked
package dev.slipway.server.images;

import org.jspecify.annotations.NullMarked;
