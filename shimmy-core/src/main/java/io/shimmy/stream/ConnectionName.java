package io.shimmy.stream;

import io.shimmy.InvalidNameException;
import io.shimmy.region.ChannelName;

/**
 * Names of connection files: the listener's name, {@code @}, and the connection id in decimal ({@code rpc@7}).
 * {@code @} is not allowed in channel names, so a connection file never clashes with a channel and always says
 * which listener it belongs to; the name may exceed the 200 characters of a channel name (at most 220).
 */
public final class ConnectionName {
    /** Separates the listener's name from the connection id. */
    public static final char SEPARATOR = '@';
    /** Longest connection id, in decimal digits. */
    private static final int MAX_ID_DIGITS = 19;

    private ConnectionName() {
    }

    /**
     * The name of a connection file.
     *
     * @param listener name of the listener, a valid channel name.
     * @param id of the connection, at least 1.
     * @return the file name.
     */
    public static String of(final String listener, final long id) {
        return listener + SEPARATOR + id;
    }

    /**
     * Whether a file name is a connection file's name.
     *
     * @param name to check.
     * @return true if it is a valid channel name, {@code @}, and a decimal id from 1 without leading zeros.
     */
    public static boolean isValid(final String name) {
        final int at = name == null ? -1 : name.lastIndexOf(SEPARATOR);
        if (at <= 0 || !ChannelName.isValid(name.substring(0, at))) {
            return false;
        }
        final int digits = name.length() - at - 1;
        if (digits < 1 || digits > MAX_ID_DIGITS || name.charAt(at + 1) == '0') {
            return false;
        }
        for (int i = at + 1; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return digits < MAX_ID_DIGITS || name.substring(at + 1).compareTo(String.valueOf(Long.MAX_VALUE)) <= 0;
    }

    /**
     * Checks a connection file's name.
     *
     * @param name to check.
     * @return the name, when it is valid.
     * @throws InvalidNameException saying what a connection name looks like.
     */
    public static String validate(final String name) {
        if (!isValid(name)) {
            throw new InvalidNameException("'" + name + "' is not a stream connection name: a connection is named " +
                "after its listener, '@' and a number, e.g. rpc@1 (see shimmy list)");
        }
        return name;
    }

    /**
     * The listener's name in a connection name.
     *
     * @param name a valid connection name.
     * @return the part before the {@code @}.
     */
    public static String listener(final String name) {
        return name.substring(0, name.lastIndexOf(SEPARATOR));
    }

    /**
     * The connection id in a connection name.
     *
     * @param name a valid connection name.
     * @return the number after the {@code @}.
     */
    public static long id(final String name) {
        return Long.parseLong(name.substring(name.lastIndexOf(SEPARATOR) + 1));
    }
}
