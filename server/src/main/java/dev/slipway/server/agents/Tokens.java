package dev.slipway.server.agents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random secrets and their stored form (a SHA-256): the server never keeps a token itself. */
final class Tokens {
    /** Job tokens: a lease's credential and the job's {@code GITHUB_TOKEN}. */
    static final String JOB = "slj_";
    /** What a job's steps request OpenID Connect tokens with ({@code ACTIONS_ID_TOKEN_REQUEST_TOKEN}). */
    static final String ID_TOKEN_REQUEST = "slo_";
    /** Agent credentials. */
    static final String AGENT = "sla_";
    /** One-time registration tokens. */
    static final String REGISTRATION = "slr_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {}

    static String create(String prefix) {
        var bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
