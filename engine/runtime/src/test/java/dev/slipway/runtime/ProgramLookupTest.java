package dev.slipway.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramLookupTest {
    @TempDir
    Path dir;

    private Path executable(String name) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void findsProgramsOnThePathRemembersThoseFoundAndLooksAgainForThoseNotFound() throws IOException {
        RuntimeOptions.ProgramLookup lookup = RuntimeOptions.ProgramLookup.onPath("/nonexistent:" + dir);
        Path tool = executable("tool");

        assertThat(lookup.find("tool")).contains(tool.toString());
        assertThat(lookup.find("later")).isEmpty();
        Path later = executable("later");
        assertThat(lookup.find("later")).contains(later.toString());
        Files.delete(tool);
        assertThat(lookup.find("tool")).as("remembered").contains(tool.toString());
        assertThat(lookup.find(later.toString())).contains(later.toString());
        assertThat(lookup.find(dir.resolve("missing").toString())).isEmpty();
    }
}
