package io.shimmy.mirror;

import io.shimmy.buffer.SharedBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The receiver's tail boxes of one connection ({@link TailBoxDescriptor}), one per topic session, in one direct
 * buffer for the transport to register. {@link #poll} reports each new tail whose check word matches.
 */
public final class TailBoxes {
    private final ByteBuffer memory;
    private final SharedBuffer boxes;
    private final long[] seen;
    private final boolean[] attached;

    /**
     * Boxes for topic sessions 0 to {@code count - 1}.
     *
     * @param count of boxes.
     */
    public TailBoxes(final int count) {
        this.memory = ByteBuffer.allocateDirect(count * TailBoxDescriptor.BOX_LENGTH);
        this.boxes = new SharedBuffer(memory);
        this.seen = new long[count];
        this.attached = new boolean[count];
    }

    /**
     * The memory to register for remote writes.
     *
     * @return the direct buffer of every box.
     */
    public ByteBuffer memory() {
        return memory;
    }

    /**
     * Offset of a topic's box in {@link #memory()}.
     *
     * @param topic id of the session.
     * @return the offset.
     */
    public static int offset(final int topic) {
        return topic * TailBoxDescriptor.BOX_LENGTH;
    }

    /**
     * Starts watching a topic's box, emptied.
     *
     * @param topic id of the session.
     * @param tail the replica's tail now, which is not reported.
     */
    public void attach(final int topic, final long tail) {
        boxes.setMemory(offset(topic), TailBoxDescriptor.BOX_LENGTH, (byte)0);
        seen[topic] = tail;
        attached[topic] = true;
    }

    /**
     * Stops watching a topic's box.
     *
     * @param topic id of the session.
     */
    public void detach(final int topic) {
        attached[topic] = false;
    }

    /**
     * Reports each new tail that landed whole.
     *
     * @param sink receives them.
     * @return tails reported.
     * @throws IOException from the sink.
     */
    public int poll(final Transport.TailSink sink) throws IOException {
        int found = 0;
        for (int topic = 0; topic < seen.length; topic++) {
            if (!attached[topic]) {
                continue;
            }
            final int at = offset(topic);
            final long tail = boxes.getLongVolatile(at + TailBoxDescriptor.TAIL_OFFSET);
            if (tail != seen[topic] && boxes.getLongVolatile(at + TailBoxDescriptor.CHECK_OFFSET) ==
                TailBoxDescriptor.check(tail)) {
                seen[topic] = tail;
                sink.onTail(topic, tail);
                found++;
            }
        }
        return found;
    }

    /**
     * Forgets every box.
     */
    public void clear() {
        Arrays.fill(attached, false);
    }
}
