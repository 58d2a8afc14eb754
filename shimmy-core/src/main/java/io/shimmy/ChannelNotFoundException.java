package io.shimmy;

/**
 * A channel that does not exist (and that the call was not allowed to create).
 */
public class ChannelNotFoundException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public ChannelNotFoundException(final String message) {
        super(message);
    }

    /**
     * A new exception with a cause.
     *
     * @param message that says what is wrong and what to do.
     * @param cause of the problem.
     */
    public ChannelNotFoundException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
