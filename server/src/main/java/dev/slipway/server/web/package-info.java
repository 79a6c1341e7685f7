/**
 * The browser UI: server-rendered pages (precompiled JTE templates, htmx polling for live runs) over the same store
 * and git helpers the REST API uses, with cookie sessions and a CSRF token in every form.
 */
@NullMarked
package dev.slipway.server.web;

import org.jspecify.annotations.NullMarked;
