package dev.slipway.server;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server with embedded defaults and one user, {@code alice}, with an access token, started once for the test
 * class that extends this (before that class's own {@code @BeforeAll}) and stopped after it.
 */
abstract class AliceServer {
    @TempDir
    static Path dir;

    static TestServer server;
    static String alice;

    @BeforeAll
    static void startAliceServer() {
        server = TestServer.start(dir.resolve("data"), Optional.empty());
        alice = server.userWithToken("alice");
    }

    @AfterAll
    static void stopAliceServer() {
        server.close();
    }
}
