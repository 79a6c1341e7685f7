package dev.slipway.git;

import java.time.OffsetDateTime;

/** A branch (short name, e.g. {@code main}) with its tip commit's id, commit date and subject line. */
public record Branch(String name, String sha, OffsetDateTime committed, String subject) {}
