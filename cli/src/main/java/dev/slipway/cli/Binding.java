package dev.slipway.cli;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;

/**
 * Binds an option of a command line built with picocli's programmatic API to a field, through two lambdas (picocli's
 * {@link ISetter} has a generic method, which a lambda cannot implement).
 */
final class Binding implements IGetter, ISetter {
    private final Supplier<@Nullable Object> get;
    private final Consumer<@Nullable Object> set;

    private Binding(Supplier<@Nullable Object> get, Consumer<@Nullable Object> set) {
        this.get = get;
        this.set = set;
    }

    static Binding of(Supplier<@Nullable Object> get, Consumer<@Nullable Object> set) {
        return new Binding(get, set);
    }

    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public <T> T get() {
        return (T) get.get();
    }

    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public <T> T set(T value) {
        T old = (T) get.get();
        set.accept(value);
        return old;
    }
}
