package dev.slipway.registry;

import java.util.regex.Pattern;

/** Validation of repository names and tags with the distribution spec's grammar. */
final class Names {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");
    private static final Pattern NAME = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    /** Distribution caps names at 255 characters; file systems are happy with that too. */
    static final int MAX_NAME_LENGTH = 255;

    private Names() {}

    static boolean isValidName(String name) {
        return name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    static String requireName(String name) {
        if (!isValidName(name)) {
            throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name: " + name);
        }
        return name;
    }

    static boolean isValidTag(String tag) {
        return TAG.matcher(tag).matches();
    }

    static String requireTag(String tag) {
        if (!isValidTag(tag)) {
            throw new RegistryException(ErrorCode.TAG_INVALID, "invalid tag: " + tag);
        }
        return tag;
    }
}
