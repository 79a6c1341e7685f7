package dev.slipway.server.store;

import java.time.Instant;

/**
 * A named value of a repository's actions settings: a variable (the value itself) or a secret (its ciphertext).
 *
 * @param name upper-cased, as GitHub shows names
 * @param content the variable's value, or the secret's ciphertext (see {@link SecretBox})
 */
public record Setting(String name, String content, Instant created, Instant updated) {}
