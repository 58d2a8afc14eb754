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
import static io.shimmy.stream.StreamDescriptor.READER_WAITING_OFFSET;
import static io.shimmy.stream.StreamDescriptor.READ_POSITION_OFFSET;
import static io.shimmy.stream.StreamDescriptor.SPACE_EVENTCOUNT_OFFSET;
import static io.shimmy.stream.StreamDescriptor.SPACE_WAITERS_OFFSET;
import static io.shimmy.stream.StreamDescriptor.SPACE_WANTED_OFFSET;
import static io.shimmy.stream.StreamDescriptor.WRITE_POSITION_OFFSET;

/**
 * The reading side of the ring the peer writes: one consumer, no locks, no allocation. The read position is stored
 * with a volatile store after each read, then a writer waiting for space is woken if it announced itself and the
 * read position has reached the one it waits for.
 * <p>
 * <b>Note:</b> one reading thread at a time.
 */
final class ConnectionInput implements Waitable {
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
    private final int writeIndex;
    private final int endIndex;
    private final int readIndex;
    private final int waitingIndex;
    private final int spaceWaitersIndex;
    private final int wantedIndex;
    private final Signal data;
    private final Signal space;
    private final WaitStrategy wait;
    private long position;
    private long written;
    private boolean ended;
    private int idle;

    ConnectionInput(final StreamConnection connection, final SharedBuffer buffer, final int control, final int ring,
        final int capacity, final String waitStrategy) {
        this.connection = connection;
        this.buffer = buffer;
        this.bytes = buffer.byteBuffer().duplicate();
        this.ring = ring;
        this.mask = capacity - 1;
        this.capacity = capacity;
        this.writeIndex = control + WRITE_POSITION_OFFSET;
        this.endIndex = control + END_OF_STREAM_OFFSET;
        this.readIndex = control + READ_POSITION_OFFSET;
        this.waitingIndex = control + READER_WAITING_OFFSET;
        this.spaceWaitersIndex = control + SPACE_WAITERS_OFFSET;
        this.wantedIndex = control + SPACE_WANTED_OFFSET;
        this.data = new Signal(buffer, control + DATA_EVENTCOUNT_OFFSET, control + DATA_WAITERS_OFFSET);
        this.space = new Signal(buffer, control + SPACE_EVENTCOUNT_OFFSET, control + SPACE_WAITERS_OFFSET);
        this.position = buffer.getLongVolatile(readIndex);
        this.written = position;
        this.wait = WaitStrategy.named(waitStrategy, this);
    }

    int read(final byte[] dst, final int offset, final int length, final boolean block) throws IOException {
        Objects.checkFromIndexSize(offset, length, dst.length);
        return read(dst, null, offset, length, block);
    }

    int read(final ByteBuffer dst, final boolean block) throws IOException {
        final int start = dst.position();
        final int n = read(null, dst, start, dst.remaining(), block);
        if (n > 0) {
            dst.position(start + n);
        }
        return n;
    }

    /** Copies into the array, or else into the buffer (absolute, from {@code offset}). */
    private int read(final byte[] array, final ByteBuffer dst, final int offset, final int length,
        final boolean block) throws IOException {
        connection.ensureOpen();
        if (length == 0) {
            return 0;
        }
        final int ready = ready(block);
        if (ready <= 0) {
            return ready;
        }
        final int n = Math.min(ready, length);
        final int at = (int)(position & mask);
        final int first = Math.min(n, capacity - at);
        if (array != null) {
            bytes.get(ring + at, array, offset, first);
            bytes.get(ring, array, offset + first, n - first);
        } else {
            dst.put(offset, bytes, ring + at, first);
            dst.put(offset + first, bytes, ring, n - first);
        }
        consume(n);
        return n;
    }

    int poll(final StreamHandler handler, final int limit) throws IOException {
        connection.ensureOpen();
        if (limit <= 0) {
            return 0;
        }
        final int ready = ready(false);
        if (ready <= 0) {
            return ready;
        }
        int todo = Math.min(ready, limit);
        int consumed = 0;
        try {
            while (todo > 0) {
                final int at = (int)((position + consumed) & mask);
                final int chunk = Math.min(todo, capacity - at);
                final int taken = handler.onBytes(buffer, ring + at, chunk);
                if (taken < 0 || taken > chunk) {
                    throw new IllegalStateException("stream handler returned " + taken + " for " + chunk +
                        " bytes; it must return how many it consumed, from 0 to " + chunk);
                }
                consumed += taken;
                todo -= taken;
                if (taken < chunk) {
                    break;
                }
            }
        } finally {
            if (consumed > 0) {
                consume(consumed);
            }
        }
        return consumed;
    }

    /**
     * Bytes that can be read now; callable from any thread (an estimate when another thread is reading).
     *
     * @return the count.
     */
    int available() {
        return (int)Math.max(0, Math.min(buffer.getLongAcquire(writeIndex) - position, capacity));
    }

    long position() {
        return position;
    }

    private void consume(final int n) {
        position += n;
        buffer.putLongVolatile(readIndex, position);
        if (buffer.getIntVolatile(spaceWaitersIndex) != 0 && position - buffer.getLongVolatile(wantedIndex) >= 0) {
            space.signal();
        }
    }

    private int ready(final boolean block) throws IOException {
        long n = written - position;
        if (n <= 0) {
            n = loadWritten();
        }
        if (n > 0) {
            return (int)n;
        }
        boolean waited = false;
        while (!ended) {
            // the peer ends its output before it closes: read its state first, its end of stream after
            final long peerState = connection.peerState();
            final boolean end = buffer.getIntAcquire(endIndex) != 0;
            n = loadWritten();
            if (n > 0) {
                if (waited) {
                    wait.reset();
                }
                return (int)n;
            }
            if (end) {
                ended = true;
                break;
            }
            connection.checkReadable(peerState, (++idle & CLOCK_CHECK_MASK) == 0);
            if (!block) {
                return 0;
            }
            connection.checkInterrupted();
            waited = true;
            wait.idle(0);
        }
        return -1;
    }

    /**
     * Loads the write position and checks it: a writer writes at most a ring ahead of this reader, never behind.
     *
     * @return the bytes unread, 0 to the capacity.
     * @throws CorruptConnectionException if the write position is anywhere else.
     */
    private long loadWritten() throws IOException {
        final long loaded = buffer.getLongAcquire(writeIndex);
        final long n = loaded - position;
        if (n < 0 || n > capacity) {
            throw connection.corrupt("the write position " + loaded + " of the ring this end reads is " +
                (n < 0 ? "behind" : "more than the capacity " + capacity + " ahead of") + " its read position " +
                position);
        }
        written = loaded;
        return n;
    }

    /**
     * Sleeps until the peer writes, ends its output or closes, this connection closes, or the timeout passes;
     * for {@code BlockingWait}.
     *
     * @param timeoutNs longest sleep.
     */
    @Override
    public void await(final long timeoutNs) {
        try {
            final long seen = announce();
            if (seen != NO_SLEEP) {
                data.sleep((int)seen, timeoutNs);
            }
        } finally {
            withdraw();
        }
    }

    /**
     * Announces this reader as a sleeper, then re-checks (announce, re-check, sleep: see {@link Signal}).
     *
     * @return the eventcount to sleep on, or {@link #NO_SLEEP} if the writer wrote, ended its output or closed,
     *     or this connection closed, meanwhile. Call {@link #withdraw()} afterwards in either case.
     */
    long announce() {
        final int seen = data.prepare(waitingIndex);
        return buffer.getLongVolatile(writeIndex) == position && buffer.getIntVolatile(endIndex) == 0 &&
            connection.mayWaitForPeer() ? seen : NO_SLEEP;
    }

    /**
     * Withdraws the announcement of {@link #announce()}.
     */
    void withdraw() {
        data.cancel(waitingIndex);
    }

    /**
     * Wakes this side's reader if it sleeps, and the peer's writer if it waits for space: when closing.
     */
    void wake() {
        data.signal();
        space.signal();
    }

    /**
     * A new wait strategy of this connection's kind, bound to this input.
     *
     * @param name of the strategy.
     * @return the strategy.
     */
    WaitStrategy newWaitStrategy(final String name) {
        return WaitStrategy.named(name, this);
    }
}
