/** The built-in OCI registry: distribution API, content-addressed storage, uploads, manifests, tags, GC. */
@NullMarked
package dev.slipway.registry;

import org.jspecify.annotations.NullMarked;
