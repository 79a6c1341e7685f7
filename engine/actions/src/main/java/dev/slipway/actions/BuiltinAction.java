package dev.slipway.actions;

/**
 * An action implemented in Java, run in-process by the runtime instead of a {@code node}/{@code docker} action.
 *
 * <p>The runtime calls {@link #main} when the step runs. If {@link #hasPost()} is true it calls {@link #post} once at
 * the end of the job (in reverse step order, like GitHub's post steps) when {@link #postIf()} holds, passing in
 * {@link BuiltinCall#state()} the state {@link #main} returned. Implementations are stateless and thread-safe; they
 * report failures as {@link BuiltinResult#failure} rather than by throwing.
 */
public interface BuiltinAction {
    /** The action's {@code owner/repo[/path]} in lower case, without a ref, e.g. {@code actions/checkout}. */
    String ref();

    /**
     * Whether the action only makes sense for a job on the host: it hands the job programs of this machine, which a
     * job container does not see. The runtime refuses it in a container job, with a message saying so.
     */
    default boolean hostOnly() {
        return false;
    }

    /**
     * The names of the real action's inputs, in any of its versions: an input given by another name draws GitHub's
     * "Unexpected input(s)" warning. Empty when not declared (nothing is checked).
     */
    default java.util.Set<String> inputs() {
        return java.util.Set.of();
    }

    /** Runs the action's main step. */
    BuiltinResult main(BuiltinCall call);

    /** Whether the action has a post step. */
    default boolean hasPost() {
        return false;
    }

    /**
     * The condition for the post step, as written in the real action's {@code runs.post-if}: {@code success()} or
     * {@code always()}. The runtime evaluates it at job end.
     */
    default String postIf() {
        return "always()";
    }

    /** Runs the post step with the state saved by {@link #main}; does nothing unless {@link #hasPost()}. */
    default BuiltinResult post(BuiltinCall call) {
        return BuiltinResult.ok();
    }
}
