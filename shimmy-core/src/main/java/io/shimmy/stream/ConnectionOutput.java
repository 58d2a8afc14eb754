package io.shimmy.stream;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.wait.Signal;
import io.shimmy.wait.WaitStrategy;
import io.shimmy.wait.Waitable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

import static io.shimmy.stream.StreamDescriptor.DATA_EVENTCOUNT_OFFSET;
import static io.shimmy.stream.StreamDescriptor.DATA_WAITERS_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_OF_STREAM_OFFSET;
import static io.shimmy.stream.StreamDescriptor.FULL_EVENTS_OFFSET;
import static io.shimmy.stream.StreamDescriptor.READ_POSITION_OFFSET;
import static io.shimmy.stream.StreamDescriptor.SPACE_EVENTCOUNT_OFFSET;
import static io.shimmy.stream.StreamDescriptor.SPACE_WAITERS_OFFSET;
import static io.shimmy.stream.StreamDescriptor.SPACE_WANTED_OFFSET;
import static io.shimmy.stream.StreamDescriptor.WRITER_WAITING_OFFSET;
import static io.shimmy.stream.StreamDescriptor.WRITE_POSITION_OFFSET;

/**
 * The writing side of the ring this end writes: one producer, no locks, no allocation. Bytes are copied once,
 * straight into the ring, in chunks of at most a quarter of the ring so that the reader can start on the first
 * while the next is copied; each chunk is published by a volatile store of the write position (the full fence that
 * keeps a sleeping reader's wake-up from being lost), then the reader is woken if it announced itself.
 * <p>
 * <b>Note:</b> one writing thread at a time.
 */
final class ConnectionOutput implements Waitable {
    /** What {@link #announce()} returns when the re-check found a reason not to sleep. */
    static final long NO_SLEEP = Long.MIN_VALUE;
    /** Idle cycles between two checks of the peer's heartbeat against the clock. */
    private static final int CLOCK_CHECK_MASK = 63;

    private final StreamConnection connection;
    private final SharedBuffer buffer;
    private final ByteBuffer bytes;
    private final int ring;
    private final int mask;
    private final int capacity;
    private final int chunk;
    private final int writeIndex;
    private final int endIndex;
    private final int fullIndex;
    private final int readIndex;
    private final int waitingIndex;
    private final int wantedIndex;
    private final Signal data;
    private final Signal space;
    private final WaitStrategy wait;
    private long position;
    private long limit;
    private long fullEvents;
    private long wanted;
    private int idle;

    ConnectionOutput(final StreamConnection connection, final SharedBuffer buffer, final int control,
        final int ring, final int capacity, final String waitStrategy) {
        this.connection = connection;
        this.buffer = buffer;
        this.bytes = buffer.byteBuffer().duplicate();
        this.ring = ring;
        this.mask = capacity - 1;
        this.capacity = capacity;
        this.chunk = capacity / 4;
        this.writeIndex = control + WRITE_POSITION_OFFSET;
        this.endIndex = control + END_OF_STREAM_OFFSET;
        this.fullIndex = control + FULL_EVENTS_OFFSET;
        this.readIndex = control + READ_POSITION_OFFSET;
        this.waitingIndex = control + WRITER_WAITING_OFFSET;
        this.wantedIndex = control + SPACE_WANTED_OFFSET;
        this.data = new Signal(buffer, control + DATA_EVENTCOUNT_OFFSET, control + DATA_WAITERS_OFFSET);
        this.space = new Signal(buffer, control + SPACE_EVENTCOUNT_OFFSET, control + SPACE_WAITERS_OFFSET);
        this.position = buffer.getLongVolatile(writeIndex);
        this.limit = position;
        this.fullEvents = buffer.getLongVolatile(fullIndex);
        this.wait = WaitStrategy.named(waitStrategy, this);
    }

    int write(final byte[] src, final int offset, final int length, final boolean block) throws IOException {
        Objects.checkFromIndexSize(offset, length, src.length);
        return write(src, null, offset, length, block);
    }

    int write(final ByteBuffer src, final boolean block) throws IOException {
        final int start = src.position();
        final int done = write(null, src, start, src.remaining(), block);
        src.position(start + done);
        return done;
    }

    /** Copies from the array, or else from the buffer (absolute, from {@code offset}). */
    private int write(final byte[] array, final ByteBuffer src, final int offset, final int length,
        final boolean block) throws IOException {
        connection.checkWritable();
        int done = 0;
        boolean waited = false;
        boolean full = false;
        while (done < length) {
            final int free = free();
            if (free == 0) {
                if (!full) {
                    full = true;
                    countFull();
                }
                if (!block) {
                    break;
                }
                waited = true;
                awaitSpace(length - done);
                continue;
            }
            final int n = Math.min(Math.min(free, length - done), chunk);
            final int at = (int)(position & mask);
            final int first = Math.min(n, capacity - at);
            final int from = offset + done;
            if (array != null) {
                bytes.put(ring + at, array, from, first);
                bytes.put(ring, array, from + first, n - first);
            } else {
                bytes.put(ring + at, src, from, first);
                bytes.put(ring, src, from + first, n - first);
            }
            done += n;
            publish(n);
            if (waited) {
                waited = false;
                wait.reset();
            }
        }
        return done;
    }

    /**
     * Ends the output: the reader reads what was written, then end of stream.
     */
    void shutdown() {
        buffer.compareAndSetInt(endIndex, 0, 1);
        data.signal();
    }

    /**
     * Bytes written and not read yet.
     *
     * @return the count.
     */
    long unread() {
        return position - buffer.getLongVolatile(readIndex);
    }

    long position() {
        return position;
    }

    private int free() throws IOException {
        final long free = limit - position;
        if (free > 0) {
            return (int)free;
        }
        final long read = buffer.getLongAcquire(readIndex);
        final long unread = position - read;
        if (unread < 0 || unread > capacity) {
            throw connection.corrupt("the read position " + read + " of the ring this end writes is " +
                (unread < 0 ? "ahead of" : "more than the capacity " + capacity + " behind") + " its write position " +
                position);
        }
        limit = read + capacity;
        return (int)(capacity - unread);
    }

    private void publish(final int n) throws IOException {
        position += n;
        buffer.putLongVolatile(writeIndex, position);
        data.signal();
        connection.checkStillWritable();
    }

    private void countFull() {
        buffer.putLongRelease(fullIndex, ++fullEvents);
    }

    private void awaitSpace(final int need) throws IOException {
        connection.checkWaitingWriter((++idle & CLOCK_CHECK_MASK) == 0);
        connection.checkInterrupted();
        want(need);
        wait.idle(0);
    }

    /**
     * Sets the read position that a wait for room waits for: room for {@code need} more bytes, at most a chunk.
     *
     * @param need bytes the write still has to write.
     */
    void want(final int need) {
        wanted = position + Math.min(need, chunk) - capacity;
    }

    /**
     * Sleeps until the peer has read enough to make room for what this write still needs (at most a chunk, so
     * that a large write wakes once per chunk rather than once per read), closes, this connection closes, or the
     * timeout passes; for {@code BlockingWait}. The read position wanted is stored before announcing, so a reader
     * that sees the announcement sees it too.
     *
     * @param timeoutNs longest sleep.
     */
    @Override
    public void await(final long timeoutNs) {
        try {
            final long seen = announce();
            if (seen != NO_SLEEP) {
                space.sleep((int)seen, timeoutNs);
            }
        } finally {
            withdraw();
        }
    }

    /**
     * Stores the read position wanted, announces this writer as a sleeper, then re-checks (announce, re-check,
     * sleep: see {@link Signal}).
     *
     * @return the eventcount to sleep on, or {@link #NO_SLEEP} if the reader made the room wanted, or either end
     *     closed, meanwhile. Call {@link #withdraw()} afterwards in either case.
     */
    long announce() {
        buffer.putLongRelease(wantedIndex, wanted);
        final int seen = space.prepare(waitingIndex);
        return buffer.getLongVolatile(readIndex) - wanted < 0 && connection.mayWaitForPeer() ? seen : NO_SLEEP;
    }

    /**
     * Withdraws the announcement of {@link #announce()}.
     */
    void withdraw() {
        space.cancel(waitingIndex);
    }

    /**
     * Wakes the peer's reader if it sleeps, and this side's writer if it waits for space: when closing.
     */
    void wake() {
        data.signal();
        space.signal();
    }
}
