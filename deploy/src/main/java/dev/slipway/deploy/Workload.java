package dev.slipway.deploy;

import java.nio.file.Path;
import java.util.List;

/** What one replica of a release runs. */
public sealed interface Workload {
    /**
     * Processes on this machine: {@code command} run in {@code directory} (the unpacked release), with the replica's
     * port in the environment variable {@code PORT}; it must listen on 127.0.0.1 at that port.
     */
    record Process(Path directory, List<String> command) implements Workload {
        public Process {
            command = List.copyOf(command);
        }
    }

    /** A container of {@code image} (through the Docker Engine API) listening on {@code port} inside it. */
    record Container(String image, int port) implements Workload {}
}
