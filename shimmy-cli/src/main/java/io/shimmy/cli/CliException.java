package io.shimmy.cli;

import picocli.CommandLine.ExitCode;

/**
 * An error the command reports as one {@code shimmy: ...} line with an exit status, without a stack trace.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private CliException(final String message, final int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /**
     * A runtime error: exit status 1.
     *
     * @param message that says what is wrong and what to do.
     * @return the exception.
     */
    static CliException runtime(final String message) {
        return new CliException(message, ExitCode.SOFTWARE);
    }

    /**
     * A usage error: exit status 2.
     *
     * @param message that says what is wrong and what to do.
     * @return the exception.
     */
    static CliException usage(final String message) {
        return new CliException(message, ExitCode.USAGE);
    }

    /**
     * The exit status.
     *
     * @return 1 or 2.
     */
    int exitCode() {
        return exitCode;
    }
}
