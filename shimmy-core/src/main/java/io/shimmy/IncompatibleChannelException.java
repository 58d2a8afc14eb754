package io.shimmy;

/**
 * A channel exists but was created with options other than those the opener asked for, or is of another kind
 * (a stream opened as a topic).
 */
public class IncompatibleChannelException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public IncompatibleChannelException(final String message) {
        super(message);
    }

    /**
     * A new exception with a cause.
     *
     * @param message that says what is wrong and what to do.
     * @param cause of the problem.
     */
    public IncompatibleChannelException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
