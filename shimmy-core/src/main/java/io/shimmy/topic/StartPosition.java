package io.shimmy.topic;

/**
 * Where a new subscription starts reading.
 */
public enum StartPosition {
    /** The oldest message the topic still holds. */
    EARLIEST,
    /** Only messages published after the subscription joined. */
    LATEST
}
