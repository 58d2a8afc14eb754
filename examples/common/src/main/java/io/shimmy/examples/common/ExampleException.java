package io.shimmy.examples.common;

/**
 * A failure an example detected and explains (a lost message, a checksum that does not match, a peer that never
 * came): the example prints the message on one line and exits 1.
 */
public final class ExampleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure.
     *
     * @param message what went wrong and what to do.
     */
    public ExampleException(final String message) {
        super(message);
    }

    /**
     * A failure with its cause.
     *
     * @param message what went wrong and what to do.
     * @param cause the exception behind it.
     */
    public ExampleException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
