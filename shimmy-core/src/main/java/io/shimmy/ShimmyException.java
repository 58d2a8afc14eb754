package io.shimmy;

/**
 * An error in setting up or using Shimmy: the message names the channel, what is wrong and what to do.
 * Hot paths never throw it; they return negative codes.
 */
public class ShimmyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public ShimmyException(final String message) {
        super(message);
    }

    /**
     * A new exception with a cause.
     *
     * @param message that says what is wrong and what to do.
     * @param cause of the problem.
     */
    public ShimmyException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
