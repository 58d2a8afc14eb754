package io.shimmy;

/**
 * An option value that cannot work (a capacity that is not a power of two, a message limit larger than the
 * ring allows, options that exclude each other). A usage error.
 */
public class InvalidConfigurationException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public InvalidConfigurationException(final String message) {
        super(message);
    }

    /**
     * A new exception with a cause.
     *
     * @param message that says what is wrong and what to do.
     * @param cause of the problem.
     */
    public InvalidConfigurationException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
