package io.shimmy;

/**
 * The channel directory's file system has no room for a new channel (a full tmpfs, a quota). Raised at creation,
 * so that no process ever faults on a page that cannot be allocated.
 */
public class ChannelSpaceException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public ChannelSpaceException(final String message) {
        super(message);
    }

    /**
     * A new exception with a cause.
     *
     * @param message that says what is wrong and what to do.
     * @param cause of the problem.
     */
    public ChannelSpaceException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
