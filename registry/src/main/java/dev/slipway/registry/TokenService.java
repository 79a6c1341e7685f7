package dev.slipway.registry;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and verifies the short-lived bearer tokens of the Docker token flow: JWTs signed with HS256 whose {@code
 * access} claim lists {@link Grant}s, like the tokens of Docker's token server. Users authenticate to the token
 * endpoint with HTTP Basic, checked by a {@link CredentialChecker}.
 */
public final class TokenService {
    private static final String ISSUER = "slipway-registry";

    private final CredentialChecker credentials;
    private final MACSigner signer;
    private final MACVerifier verifier;
    private final Duration ttl;
    private final Clock clock;
    private final String service;

    /** A verified token: who it was issued to and what it grants. */
    record Verified(Optional<String> principal, List<Grant> grants) {
        Set<RegistryAction> actions(String repository) {
            Set<RegistryAction> actions = EnumSet.noneOf(RegistryAction.class);
            grants.stream().filter(g -> g.repository().equals(repository)).forEach(g -> actions.addAll(g.actions()));
            return actions;
        }
    }

    private TokenService(CredentialChecker credentials, byte[] secret, Duration ttl, Clock clock, String service) {
        try {
            this.signer = new MACSigner(secret);
            this.verifier = new MACVerifier(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the token secret must be at least 32 bytes", e);
        }
        this.credentials = credentials;
        this.ttl = ttl;
        this.clock = clock;
        this.service = service;
    }

    /**
     * Creates a token service.
     *
     * @param credentials checks Basic credentials at the token endpoint (and on registry requests)
     * @param secret HMAC key, at least 32 bytes; keep it stable across restarts or outstanding tokens become invalid
     * @param ttl token lifetime, e.g. five minutes
     * @param clock time source
     * @param service the {@code service} name announced in challenges, e.g. {@code slipway}
     */
    public static TokenService create(
            CredentialChecker credentials, byte[] secret, Duration ttl, Clock clock, String service) {
        return new TokenService(credentials, secret.clone(), ttl, clock, service);
    }

    /** A token service with five-minute tokens for service {@code slipway}. */
    public static TokenService create(CredentialChecker credentials, byte[] secret) {
        return create(credentials, secret, Duration.ofMinutes(5), Clock.systemUTC(), "slipway");
    }

    /** The service name clients must ask tokens for. */
    public String service() {
        return service;
    }

    /** How long issued tokens stay valid. */
    public Duration ttl() {
        return ttl;
    }

    /** Issues a token to {@code principal} (empty: anonymous) granting {@code grants}. */
    public String issue(Optional<String> principal, List<Grant> grants) {
        Instant now = clock.instant();
        List<Map<String, Object>> access = new ArrayList<>();
        for (Grant grant : grants) {
            access.add(Map.of(
                    "type", "repository",
                    "name", grant.repository(),
                    "actions",
                            grant.actions().stream()
                                    .map(RegistryAction::scopeName)
                                    .sorted()
                                    .toList()));
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(service)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(1)))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("access", access);
        principal.ifPresent(claims::subject);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** Verifies signature, audience and lifetime; empty for anything else. */
    Optional<Verified> verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Instant now = clock.instant();
            Date expires = claims.getExpirationTime();
            if (expires == null
                    || !expires.toInstant().isAfter(now)
                    || !ISSUER.equals(claims.getIssuer())
                    || !claims.getAudience().contains(service)) {
                return Optional.empty();
            }
            return Optional.of(new Verified(Optional.ofNullable(claims.getSubject()), grants(claims)));
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<Grant> grants(JWTClaimsSet claims) {
        List<Grant> grants = new ArrayList<>();
        if (claims.getClaim("access") instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> map
                        && "repository".equals(map.get("type"))
                        && map.get("name") instanceof String name
                        && map.get("actions") instanceof List<?> actions) {
                    Set<RegistryAction> set = EnumSet.noneOf(RegistryAction.class);
                    actions.forEach(
                            a -> RegistryAction.fromScope(String.valueOf(a)).ifPresent(set::add));
                    grants.add(new Grant(name, set));
                }
            }
        }
        return grants;
    }

    /**
     * Authenticates an {@code Authorization: Basic ...} header value.
     *
     * @return the principal, or empty when the header is not Basic or the credentials are wrong
     */
    Optional<String> authenticateBasic(String authorization) {
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return credentials.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
