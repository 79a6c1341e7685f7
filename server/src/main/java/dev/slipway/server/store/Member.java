package dev.slipway.server.store;

/** A user's role in a repository. */
public record Member(long repoId, long userId, String login, Role role) {}
