package io.shimmy.topic;

import io.shimmy.ShimmyException;

/**
 * A subscription asked to resume at a position the topic no longer holds (publishers have overwritten it, or it
 * was never a record start of this topic). Nothing was joined: resume from {@link #oldest()} and count the bytes
 * in between as lost, or start from the latest position.
 */
public class PositionNotHeldException extends ShimmyException {
    private static final long serialVersionUID = 1L;

    private final long requested;
    private final long oldest;
    private final long tail;

    /**
     * A new exception.
     *
     * @param topic name of the topic.
     * @param requested position asked for.
     * @param oldest oldest record start the topic still held.
     * @param tail the topic's readable tail when it was checked.
     */
    public PositionNotHeldException(final String topic, final long requested, final long oldest, final long tail) {
        super(message(topic, requested, oldest, tail));
        this.requested = requested;
        this.oldest = oldest;
        this.tail = tail;
    }

    private static String message(final String topic, final long requested, final long oldest, final long tail) {
        final String holds = "topic '" + topic + "' holds positions " + oldest + " to " + tail;
        if (requested > tail) {
            return "position " + requested + " is beyond the tail: " + holds + "; resume from a position a " +
                "subscription of this topic reported (was the topic removed and created again?), or start from " +
                "the latest position";
        }
        if (requested >= oldest) {
            return "position " + requested + " is not the start of a committed record: " + holds + ", but no " +
                "record starts there (or its publisher never committed it); resume from a position a subscription " +
                "of this topic reported, or start from the earliest or latest position";
        }
        return "topic '" + topic + "' no longer holds position " + requested + " (it holds " + oldest + " to " + tail +
            "): publishers have overwritten it; resume from " + oldest + " and count the " + (oldest - requested) +
            " bytes between as lost, or start from the latest position";
    }

    /**
     * The position asked for.
     *
     * @return the position.
     */
    public long requested() {
        return requested;
    }

    /**
     * The oldest record start the topic still held.
     *
     * @return the position.
     */
    public long oldest() {
        return oldest;
    }

    /**
     * The readable tail when the position was checked.
     *
     * @return the position.
     */
    public long tail() {
        return tail;
    }
}
