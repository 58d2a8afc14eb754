package io.shimmy;

/**
 * A file in the channel directory that is not a valid Shimmy channel: foreign, truncated, of another layout
 * version, or with a header that contradicts itself. Shimmy never writes to such a file.
 */
public class CorruptChannelException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public CorruptChannelException(final String message) {
        super(message);
    }

    /**
     * A new exception with a cause.
     *
     * @param message that says what is wrong and what to do.
     * @param cause of the problem.
     */
    public CorruptChannelException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
