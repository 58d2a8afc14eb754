package io.shimmy.stream;

import java.io.IOException;

/**
 * The other end of a connection stopped heartbeating for longer than the liveness timeout: its process died (even
 * by SIGKILL), or is frozen. What it wrote before is still delivered; then reads and writes throw this. Close the
 * connection.
 */
public final class PeerDeadException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that names the connection, the peer and the timeout.
     */
    public PeerDeadException(final String message) {
        super(message);
    }
}
