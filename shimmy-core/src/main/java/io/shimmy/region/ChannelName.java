package io.shimmy.region;

import io.shimmy.InvalidNameException;

/**
 * The rule for channel names, which are also file names in the channel directory: 1 to 200 characters of
 * {@code A-Z a-z 0-9 . _ -}, not starting with {@code .} (names starting with a dot are Shimmy's own temporary files).
 */
public final class ChannelName {
    /** Longest name accepted. */
    public static final int MAX_LENGTH = 200;

    private ChannelName() {
    }

    /**
     * Checks a name.
     *
     * @param name to check.
     * @return the name, when it is valid.
     * @throws InvalidNameException naming the offending character or length.
     */
    public static String validate(final String name) {
        final String problem = problem(name);
        if (problem != null) {
            throw new InvalidNameException(problem);
        }
        return name;
    }

    /**
     * Whether a name is valid.
     *
     * @param name to check.
     * @return true if {@link #validate(String)} would accept it.
     */
    public static boolean isValid(final String name) {
        return problem(name) == null;
    }

    private static String problem(final String name) {
        final String rule = "use 1 to " + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ - not starting with '.'";
        if (name == null || name.isEmpty()) {
            return "channel name is empty: " + rule;
        }
        if (name.length() > MAX_LENGTH) {
            return "channel name is " + name.length() + " characters long: " + rule;
        }
        if (name.charAt(0) == '.') {
            return "channel name '" + printable(name) + "' starts with '.': " + rule;
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
            if (!ok) {
                return "channel name '" + printable(name) + "' has character " + describe(c) + " at index " + i +
                    ": " + rule;
            }
        }
        return null;
    }

    private static String describe(final char c) {
        return c > 32 && c < 127 ? "'" + c + "'" : String.format("U+%04X", (int)c);
    }

    private static String printable(final String name) {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && i < 64; i++) {
            final char c = name.charAt(i);
            sb.append(c >= 32 && c < 127 ? c : '?');
        }
        return name.length() > 64 ? sb.append("...").toString() : sb.toString();
    }
}
