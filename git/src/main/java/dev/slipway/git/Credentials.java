package dev.slipway.git;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Credentials of an {@code Authorization} header: Basic user and password, or a Bearer token with user "". */
record Credentials(String user, String secret) {
    static Optional<Credentials> parse(@Nullable String header) {
        if (header == null) {
            return Optional.empty();
        }
        int space = header.indexOf(' ');
        if (space < 0) {
            return Optional.of(new Credentials("", "")); // present but malformed: fails authentication
        }
        String scheme = header.substring(0, space).toLowerCase(Locale.ROOT);
        String value = header.substring(space + 1).strip();
        if (scheme.equals("bearer") || scheme.equals("token")) {
            return Optional.of(new Credentials("", value));
        }
        if (!scheme.equals("basic")) {
            return Optional.of(new Credentials("", ""));
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return Optional.of(
                    colon < 0
                            ? new Credentials(decoded, "")
                            : new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.of(new Credentials("", ""));
        }
    }

    @Override
    public String toString() {
        return "Credentials[" + user + ", ***]";
    }
}
