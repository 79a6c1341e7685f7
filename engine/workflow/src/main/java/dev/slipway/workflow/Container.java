package dev.slipway.workflow;

import dev.slipway.common.SourceSpan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code container:} of a job or one entry of {@code services:}. Strings may hold expressions.
 *
 * @param entrypoint a service's {@code entrypoint} (overrides the image's {@code ENTRYPOINT})
 * @param command a service's {@code command} (overrides the image's {@code CMD}; split into words as a shell would)
 */
public record Container(
        String image,
        Map<String, String> env,
        List<String> ports,
        List<String> volumes,
        Optional<String> options,
        Optional<Credentials> credentials,
        Optional<String> entrypoint,
        Optional<String> command,
        SourceSpan span) {

    /** Registry credentials of a container image. */
    public record Credentials(String username, String password) {}
}
