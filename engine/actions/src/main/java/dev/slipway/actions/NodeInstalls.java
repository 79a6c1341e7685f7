package dev.slipway.actions;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.semver4j.Semver;

/**
 * The Node.js installations of this machine, found where the built-in {@code actions/setup-node} finds them: on
 * {@code PATH}, in the tool cache ({@code RUNNER_TOOL_CACHE}), among nvm's and asdf's installs. For the runtime to
 * run a {@code node24} action on a Node.js 24, as GitHub's runner runs it on the Node.js 24 it ships.
 */
public final class NodeInstalls {
    private NodeInstalls() {}

    /**
     * A Node.js found here.
     *
     * @param program its {@code node}
     * @param version what it says it is, {@code 24.1.0}
     * @param major its major version, {@code 24}
     */
    public record Node(Path program, String version, int major) {}

    /**
     * Every Node.js that answers {@code node --version}, each asked once (all at once, for a few seconds at most),
     * those on {@code PATH} first; {@code env} gives {@code PATH}, {@code HOME}, {@code NVM_DIR} and {@code
     * RUNNER_TOOL_CACHE}.
     */
    public static List<Node> find(Map<String, String> env) {
        return SetupNode.installed(env).stream()
                .map(i -> new Node(
                        i.location(), i.version().toString(), i.version().getMajor()))
                .toList();
    }

    /** The highest of {@code found} whose major is {@code major}. */
    public static Optional<Node> highest(List<Node> found, int major) {
        return found.stream().filter(n -> n.major() == major).max(Comparator.comparing(n -> new Semver(n.version())));
    }
}
