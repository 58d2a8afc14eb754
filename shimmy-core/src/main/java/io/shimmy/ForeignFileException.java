package io.shimmy;

/**
 * A file at a channel's name that is not a Shimmy channel at all: no Shimmy magic number, or not a regular file
 * (a symbolic link, a directory, a device). Shimmy neither writes nor removes such files.
 */
public class ForeignFileException extends CorruptChannelException {
    private static final long serialVersionUID = 1L;

    /**
     * A new exception.
     *
     * @param message that says what is wrong and what to do.
     */
    public ForeignFileException(final String message) {
        super(message);
    }
}
