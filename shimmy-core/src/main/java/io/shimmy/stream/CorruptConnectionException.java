package io.shimmy.stream;

import java.io.IOException;

/**
 * The connection file's shared state cannot be right: the other end's position in a ring is behind this end's, or
 * more than a ring ahead of it. Only a process that must not write the file (or a damaged file) does that. The
 * error is recorded in the file's error log ({@code shimmy stat}); nothing is read from or written to the ring while
 * it lasts. Close the connection.
 */
public final class CorruptConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that names the connection and what is wrong.
     */
    public CorruptConnectionException(final String message) {
        super(message);
    }
}
