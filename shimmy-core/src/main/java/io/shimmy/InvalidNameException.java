package io.shimmy;

/**
 * A channel name that Shimmy does not accept: 1 to 200 characters of {@code A-Z a-z 0-9 . _ -}, not starting
 * with {@code .}. A usage error.
 */
public class InvalidNameException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public InvalidNameException(final String message) {
        super(message);
    }

    /**
     * A new exception with a cause.
     *
     * @param message that says what is wrong and what to do.
     * @param cause of the problem.
     */
    public InvalidNameException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
