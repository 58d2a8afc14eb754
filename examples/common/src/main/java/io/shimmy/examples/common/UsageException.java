package io.shimmy.examples.common;

/**
 * A bad command line or environment: the example prints the message on one line and exits 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A usage error.
     *
     * @param message what is wrong and how to put it right.
     */
    public UsageException(final String message) {
        super(message);
    }
}
