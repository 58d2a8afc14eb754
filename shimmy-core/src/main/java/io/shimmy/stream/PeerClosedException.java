package io.shimmy.stream;

import java.io.IOException;

/**
 * The other end closed the connection, so nothing written now would be read (the stream equivalent of a broken
 * pipe), or it closed without ending its output first. Close the connection.
 */
public final class PeerClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that names the connection and what the peer did.
     */
    public PeerClosedException(final String message) {
        super(message);
    }
}
