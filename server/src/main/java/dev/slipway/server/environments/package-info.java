/**
 * GitHub Actions environments on the server: the protection rules a job's environment applies before the job runs
 * (which branches and tags may deploy, required reviewers, the wait timer), the environment's secrets and variables
 * the job then sees, and the deployments jobs record.
 */
@NullMarked
package dev.slipway.server.environments;

import org.jspecify.annotations.NullMarked;
