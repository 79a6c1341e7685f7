package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the {@code --json} output of {@code slipway run}. */
record Runs(JsonNode root) {

    static Runs parse(Cli.Result r) {
        try {
            assertThat(r.out()).as("stdout (stderr: %s)", r.err()).startsWith("{");
            return new Runs(new ObjectMapper().readTree(r.out()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + r.out() + "\nstderr: " + r.err(), e);
        }
    }

    String conclusion() {
        return root.get("conclusion").asText();
    }

    /** Job name → conclusion, over every run. */
    Map<String, String> jobs() {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode run : root.get("runs")) {
            for (JsonNode job : run.get("jobs")) {
                m.put(job.get("name").asText(), job.get("conclusion").asText());
            }
        }
        return m;
    }

    JsonNode job(String name) {
        for (JsonNode run : root.get("runs")) {
            for (JsonNode job : run.get("jobs")) {
                if (job.get("name").asText().equals(name)) {
                    return job;
                }
            }
        }
        throw new AssertionError("no job " + name + " in " + root.toPrettyString());
    }

    String output(String job, String name) {
        JsonNode v = job(job).get("outputs").get(name);
        return v == null ? null : v.asText();
    }

    String stepOutcome(String job, int index) {
        return job(job).get("steps").get(index).get("outcome").asText();
    }

    String stepConclusion(String job, int index) {
        return job(job).get("steps").get(index).get("conclusion").asText();
    }
}
