package dev.slipway.server.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.slipway.server.agents.AgentHub;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Issues jobs' OpenID Connect tokens: RS256 JWTs signed with the server's key pair (kept in its data directory, so
 * that a restart keeps the key and its {@code kid}), with the server's URL as issuer. Thread-safe.
 */
public final class IdTokenIssuer {
    /** How long a token is valid: a job asks for a fresh one each time it needs one. */
    static final Duration LIFETIME = Duration.ofMinutes(5);
    /** Where the key set is published, under the issuer's URL. */
    static final String JWKS_PATH = "/.well-known/jwks";

    private final RSAKey key;
    private final RSASSASigner signer;
    private final Supplier<String> issuer;
    private final Clock clock;

    private IdTokenIssuer(RSAKey key, Supplier<String> issuer, Clock clock) throws JOSEException {
        this.key = key;
        this.signer = new RSASSASigner(key);
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * The issuer signing with {@code jwk} (as {@link #newKey} makes it).
     *
     * @param issuer the server's URL, asked for each token (it is known once the server listens)
     * @throws IllegalArgumentException when {@code jwk} is no RSA private key
     */
    public static IdTokenIssuer of(String jwk, Supplier<String> issuer, Clock clock) {
        try {
            return new IdTokenIssuer(RSAKey.parse(jwk), issuer, clock);
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException(
                    "the OpenID Connect signing key is not an RSA private key in JSON: " + e.getMessage(), e);
        }
    }

    /** A new 2048-bit RSA key pair for signing, as a JSON web key with its thumbprint as {@code kid}. */
    public static String newKey() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate()
                    .toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException("the JDK cannot make an RSA key pair", e);
        }
    }

    /** The signed token of {@code job} for {@code audience} (default: the issuer's URL and the repository's owner). */
    public String issue(AgentHub.IdTokenJob job, Optional<String> audience) {
        var header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build();
        var jwt = new SignedJWT(header, IdTokenClaims.of(job, issuer(), audience, clock.instant(), LIFETIME));
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an OpenID Connect token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The public key set, {@code {"keys": [...]}}. */
    public Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject(true);
    }

    /** The discovery document, {@code /.well-known/openid-configuration}. */
    public Map<String, Object> configuration() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer());
        doc.put("jwks_uri", issuer() + JWKS_PATH);
        doc.put("subject_types_supported", List.of("public", "pairwise"));
        doc.put("response_types_supported", List.of("id_token"));
        doc.put("claims_supported", IdTokenClaims.SUPPORTED);
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("scopes_supported", List.of("openid"));
        return doc;
    }

    private String issuer() {
        var url = issuer.get();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
