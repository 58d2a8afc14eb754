package io.shimmy.bench.harness;

/**
 * A run that could not be completed: a child process failed, timed out or reported wrong messages. The message
 * names the transport, the process and what it said.
 */
public final class BenchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failed run.
     *
     * @param message what failed and why.
     */
    public BenchException(final String message) {
        super(message);
    }
}
