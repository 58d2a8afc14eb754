package io.shimmy.mirror;

/**
 * The peer did not answer in time: refused by a receiver like any protocol violation, but for a sender a reason to
 * try again rather than to give up.
 */
public class PeerTimeoutException extends ProtocolException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what did not come in time.
     */
    public PeerTimeoutException(final String message) {
        super(message);
    }
}
