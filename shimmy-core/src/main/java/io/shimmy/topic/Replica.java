package io.shimmy.topic;

import io.shimmy.ChannelLimitException;
import io.shimmy.IncompatibleChannelException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.Keepalive;
import io.shimmy.wait.Signal;

import java.nio.ByteBuffer;

import static io.shimmy.topic.RecordDescriptor.ALIGNMENT;
import static io.shimmy.topic.TopicDescriptor.REPLICA_ACK_OFFSET;
import static io.shimmy.topic.TopicDescriptor.REPLICA_BASE_OFFSET;
import static io.shimmy.topic.TopicDescriptor.REPLICA_ORIGIN_OFFSET;
import static io.shimmy.topic.TopicDescriptor.REPLICA_START_OFFSET;
import static io.shimmy.topic.TopicDescriptor.REPLICA_TAIL_OFFSET;
import static io.shimmy.topic.TopicDescriptor.REPLICA_WRITER_OFFSET;
import static io.shimmy.topic.TopicDescriptor.SLOT_HEARTBEAT_OFFSET;
import static io.shimmy.topic.TopicDescriptor.SLOT_PID_OFFSET;
import static io.shimmy.topic.TopicDescriptor.TAIL_OFFSET;

/**
 * The writing side of a mirror's replica: a topic file with exactly its origin's parameters, flagged
 * {@link TopicDescriptor#FLAG_REPLICA}, that local subscribers read with the ordinary {@link Subscription} API
 * while one mirror writes it. Applications use {@code Shimmy.replica}.
 * <p>
 * The writer lands bytes of the origin's ring at the same ring offsets ({@link #write} or a transport writing into
 * {@link #ring()}), then publishes a new replica tail ({@link #publishTail(long)}), which checks the records in
 * between, wakes sleeping subscribers, and is what subscribers never read beyond: remote writes may land their
 * bytes in any order. {@link #acknowledge()} tells the origin how far it may release its own subscription (the
 * lower of the replica tail and the slowest live local subscriber, so reliable flow control covers remote
 * subscribers) and {@link #grant()} how far it may write: the frontier, stored as the replica's tail word, below
 * which lapped-subscriber checks look. Writes outside {@code [tail, frontier)} are refused.
 * <p>
 * Hostile or broken input is refused with a negative code and leaves the replica as it was: a tail that goes back
 * or past the frontier ({@link #TAIL_OUT_OF_RANGE}), records that are not whole committed records
 * ({@link #INVALID_RECORDS}), writes out of range ({@link #OUT_OF_RANGE}).
 * <p>
 * <b>Note:</b> one writer per replica, across processes: the writer holds the replica's writer slot and
 * heartbeats it. Not thread-safe: one thread writes.
 */
public final class Replica implements AutoCloseable {
    /** A write outside {@code [tail, frontier)}, crossing the end of the ring, or of negative length. */
    public static final int OUT_OF_RANGE = -7;
    /** A tail below the current one or beyond the frontier. */
    public static final int TAIL_OUT_OF_RANGE = -8;
    /** The bytes between the tail and a new tail are not a chain of committed records ending exactly there. */
    public static final int INVALID_RECORDS = -9;

    private final TopicFile topic;
    private final SharedBuffer buffer;
    private final int ringOffset;
    private final int mask;
    private final int capacity;
    private final long origin;
    private final boolean fresh;
    private final TopicFile.Slot writer;
    private final Keepalive.Registration heartbeat;
    private final Signal signal;
    private long tail;
    private long frontier;
    private long base;
    private long acknowledged;
    private long rejectedAt = -1;
    private boolean closed;

    /**
     * Takes the writer's place of a replica; applications use {@code Shimmy.replica}.
     *
     * @param topic the replica, opened with {@link TopicFile#openReplica}, owned by the caller.
     * @param keepalive that writes the writer's heartbeat.
     * @param origin incarnation of the origin topic ({@link TopicFile#incarnation()}), not 0.
     * @throws ChannelLimitException if another live mirror writes the replica.
     * @throws IncompatibleChannelException if the replica mirrors another incarnation of the origin.
     */
    public Replica(final TopicFile topic, final Keepalive keepalive, final long origin) {
        if (!topic.replica() || origin == 0) {
            throw new IllegalArgumentException("topic '" + topic.name() + "' is not a replica, or origin is 0");
        }
        this.topic = topic;
        this.buffer = topic.buffer();
        this.ringOffset = topic.ringOffset();
        this.mask = topic.mask();
        this.capacity = topic.capacity();
        this.origin = origin;
        this.signal = topic.newSignal();
        try {
            this.writer = topic.acquireSlot(REPLICA_WRITER_OFFSET, 1, true);
        } catch (final ChannelLimitException ex) {
            throw new ChannelLimitException("replica '" + topic.name() + "' is being written by another live mirror " +
                "(pid " + buffer.getLongVolatile(REPLICA_WRITER_OFFSET + SLOT_PID_OFFSET) + "); stop it, or if it " +
                "died, retry after the topic's liveness timeout of " + topic.livenessTimeoutNs() / 1_000_000 + " ms");
        }
        final long stored = buffer.getLongVolatile(REPLICA_ORIGIN_OFFSET);
        if (stored != 0 && stored != origin) {
            topic.releaseSlot(writer.offset(), writer.word(), true);
            throw new IncompatibleChannelException("replica '" + topic.name() + "' in " +
                topic.channelFile().path().getParent() + " mirrors another incarnation of its origin (the origin " +
                "topic was removed and created again); remove the replica (shimmy clean once unused, or rm " +
                topic.channelFile().path() + ") and mirror again");
        }
        this.fresh = stored == 0;
        this.tail = buffer.getLongVolatile(REPLICA_TAIL_OFFSET);
        this.frontier = buffer.getLongVolatile(TAIL_OFFSET);
        this.base = buffer.getLongVolatile(REPLICA_BASE_OFFSET);
        this.acknowledged = buffer.getLongVolatile(REPLICA_ACK_OFFSET);
        final int slot = writer.offset();
        this.heartbeat = keepalive.register(
            now -> buffer.putLongRelease(slot + SLOT_HEARTBEAT_OFFSET, now), topic.livenessTimeoutNs());
    }

    /**
     * Whether no mirror had written this replica before: it must be {@link #reset(long) reset} to its first
     * position before anything else.
     *
     * @return true if fresh.
     */
    public boolean fresh() {
        return fresh;
    }

    /**
     * Starts the replica at a position: its first one, or after a discontinuity (the origin no longer held what
     * followed the tail). Subscribers below it skip to it and count what they lost (not what lies below the first
     * start, which was never in the replica).
     *
     * @param position a record start of the origin, at or after the tail.
     * @return 0, or {@link #TAIL_OUT_OF_RANGE} if the position is behind the tail or not 32-byte aligned.
     */
    public int reset(final long position) {
        if (position < tail || (position & (ALIGNMENT - 1)) != 0) {
            rejectedAt = position;
            return TAIL_OUT_OF_RANGE;
        }
        if (buffer.getLongVolatile(REPLICA_ORIGIN_OFFSET) != origin) {
            buffer.putLongVolatile(REPLICA_START_OFFSET, position);
            buffer.putLongVolatile(REPLICA_ORIGIN_OFFSET, origin);
        } else if (position > tail) {
            topic.errorLog().record("replica reset from position " + tail + " to " + position + ": the origin " +
                "no longer held the messages between");
        }
        frontier = Math.max(frontier, position + capacity);
        buffer.putLongVolatile(TAIL_OFFSET, frontier);
        base = position;
        buffer.putLongVolatile(REPLICA_BASE_OFFSET, position);
        tail = position;
        buffer.putLongRelease(REPLICA_TAIL_OFFSET, position);
        signal.signal();
        return 0;
    }

    /**
     * Whether a write of {@code length} bytes at {@code position} is allowed: at or after the tail, before the
     * frontier, not crossing the end of the ring.
     *
     * @param position of the first byte.
     * @param length of the write.
     * @return true if in range.
     */
    public boolean writable(final long position, final long length) {
        return length >= 0 && position >= tail && position <= frontier - length &&
            (position & mask) + length <= capacity;
    }

    /**
     * Copies origin bytes to their ring offset.
     *
     * @param position in the topic of the first byte.
     * @param source holding the bytes.
     * @param index of the first byte in {@code source}.
     * @param length of the bytes.
     * @return 0, or {@link #OUT_OF_RANGE}.
     */
    public int write(final long position, final SharedBuffer source, final int index, final int length) {
        if (!writable(position, length)) {
            rejectedAt = position;
            return OUT_OF_RANGE;
        }
        buffer.putBytes(ringOffset + (int)(position & mask), source, index, length);
        return 0;
    }

    /**
     * The ring as a buffer whose index 0 is ring offset 0 and whose capacity is the ring's: for transports that
     * land bytes themselves (a socket read, a memory registration for remote writes). Check with
     * {@link #writable} before landing anything.
     *
     * @return a new view of the mapped ring.
     */
    public ByteBuffer ring() {
        return buffer.byteBuffer().duplicate().clear().position(ringOffset).limit(ringOffset + capacity).slice();
    }

    /**
     * Index in {@link #ring()} of a position.
     *
     * @param position in the topic.
     * @return its ring offset.
     */
    public int ringIndex(final long position) {
        return (int)(position & mask);
    }

    /**
     * Publishes a new tail after its bytes landed: checks that they are whole committed records ending exactly
     * at {@code newTail}, then lets subscribers read them and wakes those that sleep.
     *
     * @param newTail the new replica tail.
     * @return 0, {@link #TAIL_OUT_OF_RANGE} or {@link #INVALID_RECORDS}.
     */
    public int publishTail(final long newTail) {
        if (newTail < tail || newTail > frontier) {
            rejectedAt = newTail;
            return TAIL_OUT_OF_RANGE;
        }
        long p = tail;
        while (p < newTail) {
            final long span = topic.recordSpan(p);
            if (span <= 0) {
                rejectedAt = p;
                return INVALID_RECORDS;
            }
            p += span;
        }
        if (p != newTail) {
            rejectedAt = newTail;
            return INVALID_RECORDS;
        }
        if (newTail > tail) {
            tail = newTail;
            buffer.putLongRelease(REPLICA_TAIL_OFFSET, newTail);
            signal.signal();
        }
        return 0;
    }

    /**
     * Computes what to acknowledge to the origin: the lower of the tail and the slowest live local subscriber
     * (on a lossy topic, the tail), never less than before; and moves the frontier to what the origin may now
     * write ({@link #grant()}). Subscribers that stopped heartbeating are evicted on the way, as publishers do.
     *
     * @return the position the origin may release.
     */
    public long acknowledge() {
        final long slowest = topic.computeLimit(tail, base) - capacity;
        final long grant = Math.min(tail + capacity / 2, slowest + capacity);
        if (grant > frontier) {
            frontier = grant;
            buffer.putLongVolatile(TAIL_OFFSET, grant);
        }
        if (slowest > acknowledged) {
            acknowledged = slowest;
            buffer.putLongRelease(REPLICA_ACK_OFFSET, slowest);
        }
        return acknowledged;
    }

    /**
     * How far the origin may write: positions below the frontier, at most half a ring beyond the tail. Writing them
     * overwrites only what every live local subscriber of a reliable replica has read, and keeps the newest half
     * ring intact for subscribers that join {@code EARLIEST} or read a lossy replica. (The frontier moves with the
     * grant, before the origin writes, so those subscribers see at most half a ring of history.)
     *
     * @return the frontier.
     */
    public long grant() {
        return frontier;
    }

    /**
     * The replica tail: every byte before it has landed and subscribers may read it.
     *
     * @return the position.
     */
    public long tail() {
        return tail;
    }

    /**
     * The position from which the replica's contents are continuous: where it was last {@link #reset(long) reset}.
     *
     * @return the position.
     */
    public long base() {
        return base;
    }

    /**
     * Where the last refused operation pointed: the offending position, for log lines.
     *
     * @return the position, or -1.
     */
    public long rejectedAt() {
        return rejectedAt;
    }

    /**
     * The replica's parameters, every one set: equal to its origin's.
     *
     * @return a new configuration.
     */
    public TopicConfig config() {
        return topic.config();
    }

    /**
     * Name of the topic.
     *
     * @return the name.
     */
    public String topic() {
        return topic.name();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true if closed.
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Gives up the writer's place; the replica and what it holds stay for its subscribers and the next writer.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.close();
        topic.releaseSlot(writer.offset(), writer.word(), true);
        topic.close();
    }
}
