package dev.slipway.executor.docker;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code volumes:} entry: {@code /host/path:/dst[:ro]} (bind mount), {@code name:/dst[:ro]} (named volume) or
 * {@code /dst} (anonymous volume, removed with its container).
 */
record VolumeMount(Optional<String> source, String target, boolean readOnly) {
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    static VolumeMount parse(String text) {
        String[] parts = text.split(":", -1);
        boolean readOnly = false;
        if (parts.length == 3) {
            readOnly = switch (parts[2]) {
                case "ro" -> true;
                case "rw", "" -> false;
                default ->
                    throw new IllegalArgumentException(
                            "invalid volume mode '" + parts[2] + "' in '" + text + "' (use ro or rw)");
            };
        } else if (parts.length != 1 && parts.length != 2) {
            throw new IllegalArgumentException("invalid volume '" + text + "'");
        }
        String target = parts.length == 1 ? parts[0] : parts[1];
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("volume target in '" + text + "' must be an absolute path");
        }
        if (parts.length == 1) {
            return new VolumeMount(Optional.empty(), target, false);
        }
        String source = parts[0];
        if (!source.startsWith("/") && !VOLUME_NAME.matcher(source).matches()) {
            throw new IllegalArgumentException(
                    "volume source in '" + text + "' must be an absolute host path or a volume name");
        }
        return new VolumeMount(Optional.of(source), target, readOnly);
    }

    /** The source names a volume rather than a host path. */
    boolean named() {
        return source.isPresent() && !source.get().startsWith("/");
    }
}
