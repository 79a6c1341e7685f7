package dev.slipway.executor.kubernetes;

import io.fabric8.kubernetes.client.dsl.ContainerResource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Copies directories between this machine and a container, each replacing what the other side had. */
interface PodFiles {
    /** Copies {@code dirs} (absolute, the same paths in the container) into the container. */
    void up(ContainerResource container, List<Path> dirs) throws IOException;

    /** Copies {@code dirs} back from the container. */
    void down(ContainerResource container, List<Path> dirs) throws IOException;

    /** Tar streams over an exec each way ({@link WorkspaceSync}). */
    PodFiles EXEC = new PodFiles() {
        @Override
        public void up(ContainerResource container, List<Path> dirs) throws IOException {
            WorkspaceSync.up(container, dirs);
        }

        @Override
        public void down(ContainerResource container, List<Path> dirs) throws IOException {
            WorkspaceSync.down(container, dirs);
        }
    };
}
