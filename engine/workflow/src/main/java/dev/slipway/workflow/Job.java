package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code jobs:}: either a normal job with {@code steps}, or a call of a reusable workflow ({@code uses}).
 *
 * @param id the job id (the key under {@code jobs:})
 * @param name {@code name:} template or empty
 * @param needs ids of the jobs this one waits for
 * @param condition {@code if:} as written (with or without {@code ${{ }}}), or empty
 * @param runsOn {@code runs-on:}: a string, an array of strings, or an object with {@code group}/{@code labels};
 *     {@link Value#NULL} for a reusable workflow call
 * @param env job-level {@code env}
 * @param defaults job-level {@code defaults.run}
 * @param strategy {@code strategy:} or empty
 * @param timeoutMinutes number or expression string; {@link Value#NULL} when absent (GitHub's default is 360)
 * @param cancelTimeoutMinutes {@code cancel-timeout-minutes}: how long steps that go on after the job was cancelled or
 *     timed out ({@code always()}) may run before they are stopped; number or expression string, {@link Value#NULL}
 *     when absent (GitHub's default is 5)
 * @param continueOnError boolean or expression string; {@link Value#FALSE} when absent
 * @param concurrency job-level {@code concurrency}
 * @param outputs {@code outputs:} name to template
 * @param steps the steps of a normal job; empty for a reusable workflow call
 * @param uses the reusable workflow reference, e.g. {@code ./.github/workflows/build.yml}
 * @param with inputs passed to the reusable workflow
 * @param secrets secrets passed to the reusable workflow
 * @param container {@code container:} or empty
 * @param services {@code services:} by id
 * @param environment {@code environment:} (a name or an object), {@link Value#NULL} when absent
 * @param cacheMode {@code cache-mode:} or empty
 * @param permissions {@code permissions:} or empty (the workflow's, else the default, apply)
 * @param span position of the job's key
 * @param spans positions of the job's fields by YAML key ({@code if}, {@code runs-on}, ...)
 */
public record Job(
        String id,
        Optional<String> name,
        List<String> needs,
        Optional<String> condition,
        Value runsOn,
        Map<String, String> env,
        Defaults defaults,
        Optional<Strategy> strategy,
        Value timeoutMinutes,
        Value cancelTimeoutMinutes,
        Value continueOnError,
        Optional<Concurrency> concurrency,
        Map<String, String> outputs,
        List<Step> steps,
        Optional<String> uses,
        Map<String, Value> with,
        SecretsPass secrets,
        Optional<Container> container,
        Map<String, Container> services,
        Value environment,
        Optional<CacheMode> cacheMode,
        Optional<TokenPermissions> permissions,
        SourceSpan span,
        Map<String, SourceSpan> spans) {

    /** This job with {@code cache-mode} {@code mode}. */
    public Job withCacheMode(CacheMode mode) {
        return with(Optional.of(mode), permissions);
    }

    /** This job with its token's permissions {@code granted}. */
    public Job withPermissions(TokenPermissions granted) {
        return with(cacheMode, Optional.of(granted));
    }

    private Job with(Optional<CacheMode> mode, Optional<TokenPermissions> granted) {
        return new Job(
                id,
                name,
                needs,
                condition,
                runsOn,
                env,
                defaults,
                strategy,
                timeoutMinutes,
                cancelTimeoutMinutes,
                continueOnError,
                concurrency,
                outputs,
                steps,
                uses,
                with,
                secrets,
                container,
                services,
                environment,
                mode,
                granted,
                span,
                spans);
    }

    /** Whether this job calls a reusable workflow instead of running steps. */
    public boolean isCall() {
        return uses.isPresent();
    }

    /** The position of field {@code key}, or of the job itself when the field is absent. */
    public SourceSpan spanOf(String key) {
        return spans.getOrDefault(key, span);
    }

    /** The {@code secrets:} of a reusable workflow call. */
    public sealed interface SecretsPass {
        /** No secrets passed. */
        record None() implements SecretsPass {}

        /** {@code secrets: inherit}. */
        record Inherit() implements SecretsPass {}

        /** Explicit name to template mapping. */
        record Explicit(Map<String, String> secrets) implements SecretsPass {}
    }
}
