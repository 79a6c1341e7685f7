package dev.slipway.server.web;

import java.util.List;

/** What the webhooks page shows (public for the compiled templates). */
public final class HookModel {
    private HookModel() {}

    /** A webhook as the page shows it. */
    public record HookRow(long id, String url, String events, boolean active, List<DeliveryRow> deliveries) {}

    /** A delivery: its event (and action), how it went, when. */
    public record DeliveryRow(long id, String event, String status, boolean ok, String when) {}
}
