/**
 * Who is calling and what they may do: HTTP Basic (password or personal access token) and {@code token}/{@code
 * Bearer} headers, repository roles, and the adapters that give git hosting and the registry the same users.
 */
@NullMarked
package dev.slipway.server.auth;

import org.jspecify.annotations.NullMarked;
