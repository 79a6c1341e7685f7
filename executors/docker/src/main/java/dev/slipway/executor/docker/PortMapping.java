package dev.slipway.executor.docker;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code ports:} entry: {@code 5432} (random host port), {@code 5432/tcp}, {@code 8080:80}, {@code
 * 127.0.0.1:8080:80}, {@code 127.0.0.1::80} or {@code 53:53/udp}.
 */
record PortMapping(Optional<String> hostIp, Optional<Integer> hostPort, int containerPort, String protocol) {

    static PortMapping parse(String text) {
        String spec = text.trim();
        String protocol = "tcp";
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            protocol = spec.substring(slash + 1).toLowerCase(Locale.ROOT);
            spec = spec.substring(0, slash);
            if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
                throw new IllegalArgumentException("invalid protocol in port '" + text + "'");
            }
        }
        String[] parts = spec.split(":", -1);
        return switch (parts.length) {
            case 1 -> new PortMapping(Optional.empty(), Optional.empty(), port(parts[0], text), protocol);
            case 2 -> new PortMapping(Optional.empty(), optionalPort(parts[0], text), port(parts[1], text), protocol);
            case 3 ->
                new PortMapping(
                        parts[0].isEmpty() ? Optional.empty() : Optional.of(parts[0]),
                        optionalPort(parts[1], text),
                        port(parts[2], text),
                        protocol);
            default -> throw new IllegalArgumentException("invalid port mapping '" + text + "'");
        };
    }

    private static Optional<Integer> optionalPort(String s, String text) {
        return s.isEmpty() ? Optional.empty() : Optional.of(port(s, text));
    }

    private static int port(String s, String text) {
        try {
            int p = Integer.parseInt(s);
            if (p > 0 && p < 65536) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid port mapping '" + text + "': '" + s + "' is not a port");
    }

    ExposedPort exposedPort() {
        return new ExposedPort(containerPort, InternetProtocol.parse(protocol));
    }

    /** The host side; {@code defaultHostIp} applies when the mapping names no address (all addresses if empty). */
    Ports.Binding binding(Optional<String> defaultHostIp) {
        String port = hostPort.map(String::valueOf).orElse(null);
        return new Ports.Binding(hostIp.or(() -> defaultHostIp).orElse(null), port);
    }

    /** The key of this port in {@code job.services.<id>.ports}: the container port, with its protocol unless tcp. */
    String contextKey() {
        return protocol.equals("tcp") ? Integer.toString(containerPort) : containerPort + "/" + protocol;
    }
}
