/**
 * OpenID Connect tokens for jobs, as GitHub issues them: a job whose permissions give {@code id-token: write} asks for
 * a signed JWT describing its run, which a cloud provider verifies against the server's discovery document and keys.
 */
@NullMarked
package dev.slipway.server.oidc;

import org.jspecify.annotations.NullMarked;
