package io.shimmy.region;

/**
 * What a channel file holds; stored in its header as {@link #code()}.
 */
public enum ChannelKind {
    /** A pub/sub topic: a ring of records, publisher and subscriber slots. */
    TOPIC(1, "topic"),
    /** The listening end of a stream: where connection requests arrive. */
    STREAM_LISTENER(2, "stream"),
    /** One stream connection: two byte rings, one per direction. */
    STREAM_CONNECTION(3, "stream connection");

    private final int code;
    private final String label;

    ChannelKind(final int code, final String label) {
        this.code = code;
        this.label = label;
    }

    /**
     * Code stored in the header.
     *
     * @return the code.
     */
    public int code() {
        return code;
    }

    /**
     * Name shown to users in messages and by {@code shimmy stat} ({@code shimmy list} shows both stream kinds as
     * {@code stream}).
     *
     * @return the label.
     */
    public String label() {
        return label;
    }

    /**
     * The kind for a header code.
     *
     * @param code from a header.
     * @return the kind, or null if no kind has that code.
     */
    public static ChannelKind fromCode(final int code) {
        for (final ChannelKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
