package io.shimmy.mirror;

import io.shimmy.ShimmyException;

/**
 * A mirror cannot go on: the receiver refused a topic for good, does not know the secret, or the origin topic
 * cannot be read. The message says what to do.
 */
public class MirrorException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public MirrorException(final String message) {
        super(message);
    }

    /**
     * A new exception with a cause.
     *
     * @param message that says what is wrong and what to do.
     * @param cause of the problem.
     */
    public MirrorException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
