package dev.slipway.server.web;

import dev.slipway.common.UserError;
import dev.slipway.git.Repositories;
import dev.slipway.server.api.RunControl;
import dev.slipway.workflow.InputDef;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Run workflow": a form generated from the workflow's typed {@code workflow_dispatch} inputs (text, number, a select
 * for choices and environments, a checkbox for booleans) and a branch or tag to run on; submitting it starts the run
 * and opens its page. Mistakes come back on the form, with what was typed kept.
 */
final class DispatchPage {
    private static final String PATH = ActionsPages.ACTIONS + "/workflows/{file}/dispatch";

    private final Repositories git;
    private final RunControl runs;
    private final Access access;
    private final Templates templates;

    DispatchPage(Repositories git, RunControl runs, Access access, Templates templates) {
        this.git = git;
        this.runs = runs;
        this.access = access;
        this.templates = templates;
    }

    void mount(RoutesConfig routes) {
        routes.get(PATH, ctx -> show(ctx, Optional.empty(), Map.of(), ""));
        routes.post(PATH, this::submit);
    }

    private void submit(Context ctx) {
        var seen = access.repo(ctx);
        access.requireWrite(ctx, seen);
        var workflow = workflow(ctx, seen.repo());
        var ref = Optional.ofNullable(ctx.formParam("ref")).map(String::strip).orElse("");
        Map<String, String> inputs = new LinkedHashMap<>();
        for (var input : workflow.inputs().values()) {
            var value = ctx.formParam("input." + input.name());
            if (input.type().equals("boolean")) {
                inputs.put(input.name(), Boolean.toString(value != null));
            } else if (value != null && !(value.isEmpty() && !input.required())) {
                inputs.put(input.name(), value);
            }
        }
        var repo = seen.repo();
        try {
            var run = runs.dispatch(
                    repo.ownerLogin(),
                    repo.name(),
                    workflow.file(),
                    ref,
                    inputs,
                    seen.visitor().user().orElseThrow());
            ctx.redirect("/" + repo.fullName() + "/actions/runs/" + run.id(), HttpStatus.SEE_OTHER);
        } catch (IllegalArgumentException | UserError e) {
            ctx.status(422);
            show(ctx, Optional.of(ref), inputs, e.getMessage());
        }
    }

    private void show(Context ctx, Optional<String> ref, Map<String, String> typed, String error) {
        var seen = access.repo(ctx);
        var repo = seen.repo();
        if (!access.canWrite(seen)) {
            throw new Forbidden("You need write access to " + repo.fullName() + " to run workflows.");
        }
        var workflow = workflow(ctx, repo);
        List<RunModel.Option> refs = new ArrayList<>();
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            var chosen = ref.orElse(hosted.defaultBranch());
            hosted.branches()
                    .forEach(b -> refs.add(
                            new RunModel.Option(b.name(), b.name(), b.name().equals(chosen))));
            hosted.tags()
                    .forEach(t -> refs.add(new RunModel.Option(
                            t.name(), "tag " + t.name(), t.name().equals(chosen))));
        }
        var fields = workflow.inputs().values().stream()
                .map(i -> field(i, Optional.ofNullable(typed.get(i.name()))))
                .toList();
        var view = new RunModel.DispatchView(
                repo.fullName(), workflow.file(), workflow.name(), refs, fields, error, ctx.path());
        templates.page(
                ctx,
                "dispatch.jte",
                Map.of("chrome", Access.chrome("Run " + workflow.name(), seen.visitor()), "view", view));
    }

    private static RunModel.InputField field(InputDef input, Optional<String> typed) {
        var value = typed.orElseGet(() -> Workflows.defaultText(input));
        var options = input.type().equals("choice") ? input.options() : List.<String>of();
        return new RunModel.InputField(
                input.name(),
                input.description().orElse(input.name()),
                input.description().isPresent() ? input.name() : "",
                input.type(),
                input.required(),
                value,
                value.equalsIgnoreCase("true"),
                options);
    }

    private Workflows.Entry workflow(Context ctx, dev.slipway.server.store.Repo repo) {
        var file = ctx.pathParam("file");
        try (var hosted = git.open(repo.ownerLogin(), repo.name()).orElseThrow(NotFound::new)) {
            return Workflows.at(hosted, hosted.defaultBranch()).stream()
                    .filter(w -> w.file().equals(file) && w.dispatchable())
                    .findFirst()
                    .orElseThrow(NotFound::new);
        }
    }
}
