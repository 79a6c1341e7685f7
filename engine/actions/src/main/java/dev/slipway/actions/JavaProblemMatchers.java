package dev.slipway.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The problem matchers {@code actions/setup-java} registers once its JDKs are set up, so that what Java tools print
 * becomes annotations: an uncaught exception ({@code Exception in thread "main" java.lang.X: message}), javac's own
 * diagnostics ({@code src/Foo.java:12: error: message}) and Maven's report of them ({@code [ERROR] /abs/Foo.java:[12,5]
 * message}). They carry the real action's owners, {@code java}, {@code javac} and {@code maven-javac}, so that a
 * workflow's {@code ::remove-matcher owner=javac::} removes them as on GitHub.
 */
final class JavaProblemMatchers {
    /**
     * The matcher file. An exception's class name (the code) has no blank or colon, so a message that holds {@code
     * ": "} stays whole; a line that names no severity is an error.
     */
    static final String JSON = """
            {
              "problemMatcher": [
                {
                  "owner": "java",
                  "pattern": [
                    {
                      "regexp": "^Exception in thread \\"([^\\"]*)\\" ([^\\\\s:]+): (.*)$",
                      "code": 2,
                      "message": 3
                    }
                  ]
                },
                {
                  "owner": "javac",
                  "pattern": [
                    {
                      "regexp": "^([^:\\\\s][^:]*):(\\\\d+): (error|warning): (.+)$",
                      "file": 1,
                      "line": 2,
                      "severity": 3,
                      "message": 4
                    }
                  ]
                },
                {
                  "owner": "maven-javac",
                  "pattern": [
                    {
                      "regexp": "^\\\\[(ERROR|WARNING)\\\\]\\\\s+(.+?\\\\.java):\\\\[(\\\\d+),(\\\\d+)\\\\]\\\\s+(.+)$",
                      "severity": 1,
                      "file": 2,
                      "line": 3,
                      "column": 4,
                      "message": 5
                    }
                  ]
                }
              ]
            }
            """;

    private JavaProblemMatchers() {}

    /**
     * Writes the matcher file into the job's temporary directory and adds it with {@code ::add-matcher::}, the
     * workflow command an action registers matchers with.
     */
    static void register(BuiltinCall call) throws IOException {
        Path file = SetupTool.toolDir(call, "java", "matchers").resolve("java.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JSON, StandardCharsets.UTF_8);
        call.log().accept("::add-matcher::" + file);
    }
}
