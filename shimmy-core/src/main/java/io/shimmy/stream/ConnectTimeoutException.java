package io.shimmy.stream;

import io.shimmy.ShimmyException;

/**
 * No live listener accepted a connection within the connect timeout: none was listening, it was not calling
 * {@code accept}, or its accept queue stayed full.
 */
public final class ConnectTimeoutException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that names the stream, what was waited for and how long.
     */
    public ConnectTimeoutException(final String message) {
        super(message);
    }
}
