package io.shimmy;

/**
 * A channel has no free slot left for another publisher or subscriber.
 */
public class ChannelLimitException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public ChannelLimitException(final String message) {
        super(message);
    }

    /**
     * A new exception with a cause.
     *
     * @param message that says what is wrong and what to do.
     * @param cause of the problem.
     */
    public ChannelLimitException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
