/** Workflow files: YAML to typed records with source spans and diagnostics. */
@NullMarked
package dev.slipway.workflow;

import org.jspecify.annotations.NullMarked;
