package dev.slipway.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which writes bypass the page cache: checked on the descriptors the kernel holds for this process. */
class DirectWritesTest {
    /** {@code O_DIRECT} in the octal {@code flags} of {@code /proc/self/fdinfo} on x86-64 and arm64 Linux. */
    private static final int X86_O_DIRECT = 040000;

    private static final int ARM_O_DIRECT = 0200000;

    @TempDir
    Path tmp;

    /** The {@code flags} of every descriptor this process holds on {@code file}. */
    private static List<Integer> flagsOfDescriptorsOn(Path file) throws IOException {
        List<Integer> flags = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file.toRealPath())) {
                        for (String line : Files.readAllLines(
                                Path.of("/proc/self/fdinfo", fd.getFileName().toString()))) {
                            if (line.startsWith("flags:")) {
                                flags.add(Integer.parseInt(line.substring(6).trim(), 8));
                            }
                        }
                    }
                } catch (IOException e) {
                    // the descriptor Files.list itself used, closed meanwhile
                }
            }
        }
        return flags;
    }

    private static int oDirect() {
        return System.getProperty("os.arch").equals("aarch64") ? ARM_O_DIRECT : X86_O_DIRECT;
    }

    @Test
    void aFileOnAnOrdinaryDiskGetsADirectChannel() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fdinfo")), "needs Linux's /proc");
        DirectWrites direct = new DirectWrites(tmp);
        assumeTrue(!Files.getFileStore(tmp).type().equals("tmpfs"), tmp + " is on tmpfs");
        assertThat(direct.alignment()).isEqualTo(Files.getFileStore(tmp).getBlockSize());
        // the probe leaves nothing behind
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
        Path file = Files.createFile(tmp.resolve("blob"));
        DirectWrites.Target target = direct.target(file);
        assertThat(target).isNotNull();
        assertThat(target.alignment()).isEqualTo(direct.alignment());
        try (FileChannel directly = target.opener().open()) {
            assertThat(flagsOfDescriptorsOn(file)).singleElement().matches(f -> (f & oDirect()) != 0);
        }
        assertThat(flagsOfDescriptorsOn(file)).isEmpty();
    }

    @Test
    void theSystemPropertySwitchesDirectWritesOff() throws Exception {
        String before = System.getProperty(DirectWrites.PROPERTY);
        System.setProperty(DirectWrites.PROPERTY, "false");
        try {
            DirectWrites direct = new DirectWrites(tmp);
            assertThat(direct.alignment()).isEqualTo(-1);
            assertThat(direct.target(Files.createFile(tmp.resolve("blob")))).isNull();
        } finally {
            if (before == null) {
                System.clearProperty(DirectWrites.PROPERTY);
            } else {
                System.setProperty(DirectWrites.PROPERTY, before);
            }
        }
    }
}
