package dev.slipway.server.store;

/** A commit status's state, as GitHub names it. */
public enum StatusState {
    PENDING,
    SUCCESS,
    FAILURE,
    ERROR
}
