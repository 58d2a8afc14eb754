package io.shimmy.mirror;

import java.io.IOException;

/**
 * The peer broke the mirror protocol: a wrong secret, a frame that cannot be right, a write out of range. The
 * connection is refused or closed with the message as its one log line; no replica is touched by what was refused.
 */
public class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what the peer did wrong.
     */
    public ProtocolException(final String message) {
        super(message);
    }
}
