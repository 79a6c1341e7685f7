package dev.slipway.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.common.Diagnostic;
import dev.slipway.common.SourceSpan;
import dev.slipway.expr.Value;
import dev.slipway.workflow.InputDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InputsTest {
    private static final String PATH = "wf.yml";

    private static InputDef def(String name, String type, boolean required, Optional<Value> dflt, String... options) {
        return new InputDef(name, Optional.empty(), required, dflt, type, List.of(options), new SourceSpan(PATH, 3, 5));
    }

    private static Map<String, InputDef> defs(InputDef... ds) {
        Map<String, InputDef> m = new LinkedHashMap<>();
        for (InputDef d : ds) {
            m.put(d.name(), d);
        }
        return m;
    }

    @Test
    void typesValuesAndKeepsStringsForEventInputs() {
        Inputs.Resolved r = Inputs.resolve(
                defs(
                        def("debug", "boolean", false, Optional.empty()),
                        def("n", "number", false, Optional.empty()),
                        def("env", "choice", true, Optional.empty(), "dev", "prod"),
                        def("msg", "string", false, Optional.empty())),
                Map.of("debug", "TRUE", "n", "2.5", "env", "prod", "msg", "hi"),
                PATH);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(Json.text(r.values())).isEqualTo("{\"debug\":true,\"n\":2.5,\"env\":\"prod\",\"msg\":\"hi\"}");
        assertThat(Json.text(r.eventInputs()))
                .isEqualTo("{\"debug\":\"TRUE\",\"n\":\"2.5\",\"env\":\"prod\",\"msg\":\"hi\"}");
    }

    @Test
    void appliesDefaultsAndEmptyValuesForOptionalInputs() {
        Inputs.Resolved r = Inputs.resolve(
                defs(
                        def("debug", "boolean", false, Optional.of(Value.TRUE)),
                        def("n", "number", false, Optional.of(Value.of(3))),
                        def("flag", "boolean", false, Optional.empty()),
                        def("msg", "string", false, Optional.empty())),
                Map.of(),
                PATH);
        assertThat(r.hasErrors()).isFalse();
        assertThat(Json.text(r.values())).isEqualTo("{\"debug\":true,\"n\":3,\"flag\":false,\"msg\":\"\"}");
        assertThat(Json.text(r.eventInputs()))
                .isEqualTo("{\"debug\":\"true\",\"n\":\"3\",\"flag\":\"false\",\"msg\":\"\"}");
    }

    @Test
    void requiredInputWithDefaultNeedsNoValue() {
        Inputs.Resolved r =
                Inputs.resolve(defs(def("env", "string", true, Optional.of(Value.of("dev")))), Map.of(), PATH);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.values().get("env")).contains(Value.of("dev"));
    }

    @Test
    void reportsEveryMistakeAtTheRightPlace() {
        Inputs.Resolved r = Inputs.resolve(
                defs(
                        def("debug", "boolean", false, Optional.empty()),
                        def("n", "number", false, Optional.empty()),
                        def("env", "choice", false, Optional.empty(), "dev", "prod"),
                        def("token", "string", true, Optional.empty())),
                Map.of("debug", "yes", "n", "NaN", "env", "qa", "extra", "1"),
                PATH);
        assertThat(r.diagnostics())
                .extracting(Diagnostic::render)
                .containsExactly(
                        "wf.yml: error: unexpected input 'extra'; defined inputs: [debug, n, env, token]",
                        "wf.yml:3:5: error: input 'debug' must be true or false, got 'yes'",
                        "wf.yml:3:5: error: input 'n' must be a number, got 'NaN'",
                        "wf.yml:3:5: error: input 'env' must be one of [dev, prod], got 'qa'",
                        "wf.yml:3:5: error: input 'token' is required");
    }

    @Test
    void inputNamesMatchIgnoringCase() {
        Inputs.Resolved r =
                Inputs.resolve(defs(def("Env", "string", true, Optional.empty())), Map.of("env", "x"), PATH);
        assertThat(r.diagnostics()).isEmpty();
        assertThat(r.values().get("env")).contains(Value.of("x"));
    }
}
