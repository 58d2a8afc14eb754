package io.shimmy.topic;

import io.shimmy.IncompatibleChannelException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.Keepalive;
import io.shimmy.wait.Signal;

import java.nio.ByteBuffer;

import static io.shimmy.topic.RecordDescriptor.HEADER_LENGTH;
import static io.shimmy.topic.RecordDescriptor.LENGTH_OFFSET;
import static io.shimmy.topic.RecordDescriptor.SESSION_OFFSET;
import static io.shimmy.topic.RecordDescriptor.TYPE_DATA;
import static io.shimmy.topic.RecordDescriptor.TYPE_PADDING;
import static io.shimmy.topic.RecordDescriptor.alignedLength;
import static io.shimmy.topic.RecordDescriptor.session;
import static io.shimmy.topic.RecordDescriptor.stamp;
import static io.shimmy.topic.TopicDescriptor.PUB_BACK_PRESSURE_OFFSET;
import static io.shimmy.topic.TopicDescriptor.NO_CLAIM;
import static io.shimmy.topic.TopicDescriptor.PUB_BYTES_OFFSET;
import static io.shimmy.topic.TopicDescriptor.PUB_CLAIM_OFFSET;
import static io.shimmy.topic.TopicDescriptor.PUB_MESSAGES_OFFSET;
import static io.shimmy.topic.TopicDescriptor.PUBLISHERS_OFFSET;
import static io.shimmy.topic.TopicDescriptor.SLOT_HEARTBEAT_OFFSET;
import static io.shimmy.topic.TopicDescriptor.TAIL_OFFSET;

/**
 * Publishes messages to a topic. Many publications, in any threads and processes, may publish to one topic;
 * messages are delivered whole and in one total order to every subscriber.
 * <p>
 * {@code offer} returns the position after the message, or a negative code: {@link #BACK_PRESSURED} when a live
 * subscriber of a reliable topic has not read far enough yet, or (on any topic) another publisher is still writing a
 * message a whole ring behind (try again), {@link #MESSAGE_TOO_LARGE}, {@link #CLOSED}, {@link #CHANNEL_FAILED}.
 * It never blocks or allocates, and makes a system call only to wake a subscriber that sleeps in the kernel
 * ({@code --wait block}).
 * <p>
 * <b>Note:</b> a publication is used by one thread at a time (its sequence numbers, which let subscribers count
 * what they lose, are per publication). Threads that publish concurrently open a publication each: every topic has
 * {@link TopicConfig#maxPublishers(int)} slots. Heartbeats are written by the owning {@code Shimmy}'s keepalive
 * thread.
 */
public final class Publication implements AutoCloseable {
    /** A live subscriber, or a publisher still writing, is a whole ring behind: try again later. */
    public static final long BACK_PRESSURED = -2;
    /** The message is longer than the topic's maximum message length. */
    public static final long MESSAGE_TOO_LARGE = -3;
    /** The publication is closed. */
    public static final long CLOSED = -4;
    /** The topic's shared state was found corrupt and the topic marked failed; see its error log (shimmy stat). */
    public static final long CHANNEL_FAILED = -5;
    /** A claim was held beyond the unblock timeout and subscribers reclaimed it; the message is lost. */
    public static final long CLAIM_RECLAIMED = -6;

    /**
     * Whether publishers wake subscribers that sleep in the kernel ({@code block}): system property
     * {@code shimmy.wakeups}, default true. Set it to false only in a process whose topics never have blocking
     * subscribers (they would then sleep until their timeout); it exists to measure what wake-up support costs.
     */
    public static final boolean WAKEUPS = !"false".equalsIgnoreCase(System.getProperty("shimmy.wakeups"));

    private final TopicFile topic;
    private final SharedBuffer buffer;
    private final int ringOffset;
    private final int mask;
    private final int capacity;
    private final int maxMessageLength;
    private final boolean lossy;
    private final int slot;
    private final long slotWord;
    private final int index;
    private final Keepalive.Registration heartbeat;
    private final Signal signal;
    private long sequence;
    private long bytes;
    private long backPressureEvents;
    private long limit;
    private volatile boolean closed;

    /**
     * Opens a publication on an open topic; applications use {@code Shimmy.publication}.
     *
     * @param topic the topic file, owned by the caller.
     * @param keepalive that writes this publication's heartbeat.
     */
    public Publication(final TopicFile topic, final Keepalive keepalive) {
        if (topic.replica()) {
            throw new IncompatibleChannelException("topic '" + topic.name() + "' is a mirror's replica and takes no " +
                "local publishers; publish on the origin host");
        }
        this.topic = topic;
        this.buffer = topic.buffer();
        this.ringOffset = topic.ringOffset();
        this.mask = topic.mask();
        this.capacity = topic.capacity();
        this.maxMessageLength = topic.maxMessageLength();
        this.lossy = topic.lossy();
        final TopicFile.Slot taken = topic.acquireSlot(PUBLISHERS_OFFSET, topic.maxPublishers(), true);
        this.index = taken.index();
        this.slot = taken.offset();
        this.slotWord = taken.word();
        this.sequence = buffer.getLongVolatile(slot + PUB_MESSAGES_OFFSET);
        this.limit = Long.MIN_VALUE;
        this.signal = topic.newSignal();
        this.heartbeat = keepalive.register(
            now -> buffer.putLongRelease(slot + SLOT_HEARTBEAT_OFFSET, now), topic.livenessTimeoutNs());
    }

    /**
     * Publishes a message copied from a shared buffer.
     *
     * @param source holding the message.
     * @param offset at which the message begins.
     * @param length of the message.
     * @return the position after the message, or a negative code.
     */
    public long offer(final SharedBuffer source, final int offset, final int length) {
        long position;
        do {
            position = claim(length);
            if (position < 0) {
                return position;
            }
            copy(position, length, source, offset);
        } while (!tryCommit(position, length));
        return position + alignedLength(length);
    }

    /**
     * Publishes a message copied from an array.
     *
     * @param source holding the message.
     * @param offset at which the message begins.
     * @param length of the message.
     * @return the position after the message, or a negative code.
     */
    public long offer(final byte[] source, final int offset, final int length) {
        long position;
        do {
            position = claim(length);
            if (position < 0) {
                return position;
            }
            copy(position, length, source, offset);
        } while (!tryCommit(position, length));
        return position + alignedLength(length);
    }

    /**
     * Publishes a message copied from a {@link ByteBuffer}, whose position and limit are left unchanged.
     *
     * @param source holding the message.
     * @param offset index at which the message begins.
     * @param length of the message.
     * @return the position after the message, or a negative code.
     */
    public long offer(final ByteBuffer source, final int offset, final int length) {
        long position;
        do {
            position = claim(length);
            if (position < 0) {
                return position;
            }
            copy(position, length, source, offset);
        } while (!tryCommit(position, length));
        return position + alignedLength(length);
    }

    /**
     * Claims space for a message to be written in place, zero-copy; see {@link BufferClaim}.
     *
     * @param length of the message.
     * @param claim to fill in with where to write.
     * @return the position after the message when committed, or a negative code.
     */
    public long tryClaim(final int length, final BufferClaim claim) {
        final long position = claim(length);
        if (position >= 0) {
            claim.wrap(this, buffer, position, ringOffset + (int)(position & mask) + HEADER_LENGTH, length);
            return position + alignedLength(length);
        }
        return position;
    }

    private void copy(final long position, final int length, final SharedBuffer source, final int offset) {
        try {
            buffer.putBytes(ringOffset + (int)(position & mask) + HEADER_LENGTH, source, offset, length);
        } catch (final RuntimeException ex) {
            abort(position, length);
            throw ex;
        }
    }

    private void copy(final long position, final int length, final byte[] source, final int offset) {
        try {
            buffer.putBytes(ringOffset + (int)(position & mask) + HEADER_LENGTH, source, offset, length);
        } catch (final RuntimeException ex) {
            abort(position, length);
            throw ex;
        }
    }

    private void copy(final long position, final int length, final ByteBuffer source, final int offset) {
        try {
            buffer.putBytes(ringOffset + (int)(position & mask) + HEADER_LENGTH, source, offset, length);
        } catch (final RuntimeException ex) {
            abort(position, length);
            throw ex;
        }
    }

    private long claim(final int length) {
        if (closed) {
            return CLOSED;
        }
        if (length < 0 || length > maxMessageLength) {
            return MESSAGE_TOO_LARGE;
        }
        final int aligned = alignedLength(length);
        while (true) {
            final long tail = topic.recordTail();
            if (tail < 0) {
                return CHANNEL_FAILED;
            }
            final int toEnd = capacity - (int)(tail & mask);
            final long position = aligned > toEnd ? tail + toEnd : tail;
            final long newTail = position + aligned;
            if (newTail > limit) {
                limit = topic.computeLimit(tail);
                if (newTail > limit) {
                    buffer.putLongRelease(slot + PUB_CLAIM_OFFSET, NO_CLAIM);
                    buffer.putLongRelease(slot + PUB_BACK_PRESSURE_OFFSET, ++backPressureEvents);
                    return BACK_PRESSURED;
                }
            }
            buffer.putLongRelease(slot + PUB_CLAIM_OFFSET, tail);
            if (!buffer.compareAndSetLong(TAIL_OFFSET, tail, newTail)) {
                continue;
            }
            if (position != tail) {
                pad(tail, toEnd);
            }
            final int at = ringOffset + (int)(position & mask);
            buffer.putInt(at + LENGTH_OFFSET, length);
            buffer.putInt(at + SESSION_OFFSET, session(index, sequence));
            return position;
        }
    }

    /**
     * Stamps the header at {@code position} with its final stamp, unless a reclaimer stamped it for this position
     * first (then the claim is lost). The word there is stale until then, from an earlier lap: the first attempt
     * guesses it is the committed record a lap earlier, which is what a ring of steady-sized messages holds there
     * (zero on the first lap), so that a right guess takes one atomic instruction; a wrong one returns the word
     * found, for a second attempt from exactly that word. Only a reclaimer changes the word meanwhile, and only to
     * a stamp for this position.
     *
     * @return true if this publisher's stamp is in place.
     */
    private boolean stampHeader(final long position, final int type) {
        final int at = ringOffset + (int)(position & mask);
        final long guess = position >= capacity ? stamp(position - capacity, TYPE_DATA) : 0;
        final long update = stamp(position, type);
        final long word = buffer.compareAndExchangeLong(at, guess, update);
        if (word == guess) {
            return true;
        }
        return !RecordDescriptor.isStampFor(word, position) && buffer.compareAndSetLong(at, word, update);
    }

    private void pad(final long position, final int span) {
        buffer.putInt(ringOffset + (int)(position & mask) + LENGTH_OFFSET, span);
        stampHeader(position, TYPE_PADDING);
    }

    private boolean tryCommit(final long position, final int length) {
        final boolean committed = stampHeader(position, TYPE_DATA);
        buffer.putLongRelease(slot + PUB_CLAIM_OFFSET, NO_CLAIM);
        if (committed) {
            buffer.putLongRelease(slot + PUB_MESSAGES_OFFSET, ++sequence);
            bytes += length;
            buffer.putLongRelease(slot + PUB_BYTES_OFFSET, bytes);
            if (WAKEUPS) {
                signal.signal();
            }
            return true;
        }
        topic.errorLog().record("a publisher's claim was reclaimed before it committed (it stalled for longer " +
            "than the unblock timeout); the message was offered again");
        return false;
    }

    long commit(final long position, final int length) {
        return tryCommit(position, length) ? position + alignedLength(length) : CLAIM_RECLAIMED;
    }

    void abort(final long position, final int length) {
        buffer.putInt(ringOffset + (int)(position & mask) + LENGTH_OFFSET, alignedLength(length));
        if (stampHeader(position, TYPE_PADDING)) {
            signal.signal();
        }
        buffer.putLongRelease(slot + PUB_CLAIM_OFFSET, NO_CLAIM);
    }

    /**
     * Longest message this topic takes.
     *
     * @return bytes.
     */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /**
     * The topic's tail: the position after the last claimed message.
     *
     * @return the position.
     */
    public long position() {
        return topic.tail();
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
     * Whether the topic is lossy.
     *
     * @return true if publishers never wait for subscribers.
     */
    public boolean lossy() {
        return lossy;
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
     * Releases the publisher slot. Messages already committed stay readable.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.close();
        topic.releaseSlot(slot, slotWord, true);
        topic.close();
    }
}
