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
        super("topic '" + topic + "' no longer holds position " + requested + " (it holds " + oldest + " to " + tail +
            "): the bytes between were overwritten, or the position was never a record start of this topic; " +
            "resume from " + oldest + " and count the " + Math.max(0, oldest - requested) + " bytes between as " +
            "lost, or start from the latest position");
        this.requested = requested;
        this.oldest = oldest;
        this.tail = tail;
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
