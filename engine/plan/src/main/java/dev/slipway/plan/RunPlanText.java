package dev.slipway.plan;

import dev.slipway.common.Diagnostic;
import dev.slipway.expr.Value;

/** The text form of a {@link RunPlan}. */
final class RunPlanText {
    private RunPlanText() {}

    static String render(RunPlan plan) {
        StringBuilder sb = new StringBuilder();
        Value.Obj g = plan.github();
        line(sb, "workflow: " + plan.workflowPath());
        line(sb, "event: " + str(g, "event_name") + " " + str(g, "ref") + " @ " + str(g, "sha"));
        line(
                sb,
                "triggered: " + (plan.triggered() ? "yes" : "no") + " ("
                        + plan.trigger().reason() + ")");
        if (plan.triggered()) {
            line(sb, "run-name: " + plan.runName());
            line(
                    sb,
                    "ref_name: " + str(g, "ref_name") + ", ref_type: " + str(g, "ref_type") + ", head_ref: "
                            + str(g, "head_ref") + ", base_ref: " + str(g, "base_ref"));
            if (!plan.inputs().fields().isEmpty()) {
                line(sb, "inputs: " + Json.text(plan.inputs()));
                Json.at(g, "event", "inputs").ifPresent(v -> line(sb, "event inputs: " + Json.text(v)));
            }
            if (plan.concurrencyGroup().isEmpty()) {
                line(sb, "concurrency: none");
            } else {
                line(
                        sb,
                        "concurrency: " + plan.concurrencyGroup() + " (cancel-in-progress: " + plan.cancelInProgress()
                                + ")");
            }
            line(sb, "jobs:");
            for (PlannedJob j : plan.jobs()) {
                job(sb, j);
            }
        }
        if (!plan.diagnostics().isEmpty()) {
            line(sb, "diagnostics:");
            for (Diagnostic d : plan.diagnostics()) {
                line(sb, "  " + d.render());
            }
        }
        return sb.toString();
    }

    private static void job(StringBuilder sb, PlannedJob j) {
        StringBuilder head = new StringBuilder("  ").append(j.id());
        if (!j.displayName().equals(j.id())) {
            head.append(" \"").append(j.displayName()).append('"');
        }
        if (!j.needs().isEmpty()) {
            head.append(" needs ").append(j.needs());
        }
        if (!j.ancestors().equals(j.needs())) {
            head.append(" after ").append(j.ancestors());
        }
        switch (j.matrix()) {
            case MatrixPlan.None n -> line(sb, head.toString());
            case MatrixPlan.Deferred d -> line(sb, head + " matrix deferred: " + d.expression());
            case MatrixPlan.Static s -> {
                line(sb, head + " matrix " + s.combinations().size() + ":");
                for (Value.Obj combo : s.combinations()) {
                    line(sb, "    " + Json.text(combo));
                }
            }
        }
    }

    private static String str(Value.Obj g, String key) {
        return Json.str(g, key).orElse("");
    }

    private static void line(StringBuilder sb, String s) {
        sb.append(s).append('\n');
    }
}
