package io.shimmy.topic;

import io.shimmy.ChannelLimitException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.Keepalive;
import io.shimmy.topic.ControlledMessageHandler.Action;
import io.shimmy.wait.BlockingWait;
import io.shimmy.wait.Signal;
import io.shimmy.wait.WaitStrategy;
import io.shimmy.wait.Waitable;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.shimmy.topic.RecordDescriptor.ALIGNMENT;
import static io.shimmy.topic.RecordDescriptor.HEADER_LENGTH;
import static io.shimmy.topic.RecordDescriptor.LENGTH_OFFSET;
import static io.shimmy.topic.RecordDescriptor.SEQUENCE_MASK;
import static io.shimmy.topic.RecordDescriptor.SESSION_OFFSET;
import static io.shimmy.topic.RecordDescriptor.TYPE_DATA;
import static io.shimmy.topic.RecordDescriptor.TYPE_PADDING;
import static io.shimmy.topic.RecordDescriptor.alignedLength;
import static io.shimmy.topic.RecordDescriptor.stamp;
import static io.shimmy.topic.TopicDescriptor.*;

/**
 * Reads a topic from its own position, independently of every other subscription.
 * <p>
 * {@link #poll(MessageHandler, int)} delivers up to a limit of messages and returns how many, or a negative code
 * ({@link #CLOSED}, {@link #CHANNEL_FAILED}); it never blocks, allocates or makes a system call. Pair it with a
 * wait strategy: {@code wait.idle(subscription.poll(handler, 10))}.
 * <p>
 * On a reliable topic this subscription holds publishers back until it has read, as long as its process heartbeats.
 * If it is evicted (its process stopped for longer than the liveness timeout), it notices, rejoins at the latest
 * position and counts what it lost (if every slot is taken by then, it reads unprotected, validating each message,
 * until a slot frees). On a lossy topic a lapped subscription skips ahead and counts its losses.
 * Losses are counted in messages, from gaps in each publisher's sequence, and in ring bytes skipped.
 * <p>
 * <b>Note:</b> not thread-safe: poll from one thread at a time.
 */
public final class Subscription implements Waitable, AutoCloseable {
    /** The subscription is closed. */
    public static final int CLOSED = -4;
    /** The topic was found corrupt and marked failed; see its error log ({@code shimmy stat}). */
    public static final int CHANNEL_FAILED = -5;

    private static final long DETACHED = -1;
    private static final long REJOIN_INTERVAL_NS = 1_000_000;

    private final TopicFile topic;
    private final SharedBuffer buffer;
    private final int ringOffset;
    private final int mask;
    private final int capacity;
    private final int maxMessageLength;
    private final boolean lossy;
    private final boolean replica;
    private final long unblockTimeoutNs;
    private final SharedBuffer scratch;
    private final int[] nextSequence = new int[256];
    private final byte[] name;
    private final Keepalive.Registration heartbeat;
    private final Signal signal;
    private final String waitName;
    private volatile SharedBuffer slots;
    private volatile int slot;
    private long slotWord;
    private long nextRejoinNs;
    private long position;
    private long released;
    private long readLimit;
    private long protectedFrom;
    private long delivered;
    private long lostMessages;
    private long lostBytes;
    private long stallPosition = -1;
    private long stallStartNs;
    private int idlePolls;
    private boolean failed;
    private boolean closed;

    /**
     * Joins a topic; applications use {@code Shimmy.subscription}. The slot is marked joined (see
     * {@link TopicStatus.Party#joined()}) as the last step, once the position it reads from is announced.
     *
     * @param topic the topic file, owned by the caller.
     * @param keepalive that writes this subscription's heartbeat.
     * @param config where to start, the name to show and the wait strategy.
     * @param defaultWaitStrategy used when {@code config} names none.
     */
    public Subscription(final TopicFile topic, final Keepalive keepalive, final SubscriptionConfig config,
        final String defaultWaitStrategy) {
        this.topic = topic;
        this.buffer = topic.buffer();
        this.ringOffset = topic.ringOffset();
        this.mask = topic.mask();
        this.capacity = topic.capacity();
        this.maxMessageLength = topic.maxMessageLength();
        this.lossy = topic.lossy();
        this.replica = topic.replica();
        this.readLimit = replica ? Long.MIN_VALUE : Long.MAX_VALUE;
        this.unblockTimeoutNs = topic.unblockTimeoutNs();
        this.scratch = SharedBuffer.allocateDirect(Math.max(8, maxMessageLength));
        this.name = config.name().getBytes(StandardCharsets.US_ASCII);
        this.signal = topic.newSignal();
        this.waitName = config.waitStrategy() != null ? config.waitStrategy() : defaultWaitStrategy;
        WaitStrategy.named(waitName, this);
        Arrays.fill(nextSequence, -1);
        final TopicFile.Slot taken = topic.acquireSlot(topic.subscribersOffset(), topic.maxSubscribers(), false);
        try {
            join(taken, config.start(), config.resumeAt());
        } catch (final RuntimeException ex) {
            topic.releaseSlot(taken.offset(), taken.word(), false);
            throw ex;
        }
        this.heartbeat = keepalive.register(
            now -> slots.putLongRelease(slot + SLOT_HEARTBEAT_OFFSET, now), topic.livenessTimeoutNs());
    }

    private void join(final TopicFile.Slot taken, final StartPosition start, final long resumeAt) {
        final int at = taken.offset();
        slots = buffer;
        slot = at;
        slotWord = taken.word();
        buffer.putInt(at + SUB_NAME_LENGTH_OFFSET, name.length);
        buffer.putBytes(at + SUB_NAME_OFFSET, name, 0, name.length);
        final long announced;
        if (resumeAt >= 0) {
            announced = resumeAt;
        } else if (replica && start == StartPosition.EARLIEST) {
            // a replica's writer grants the origin room from its slowest subscriber on: announcing the tail first,
            // as below, would let it grant away the bytes this subscription is about to read
            announced = Math.max(0, buffer.getLongVolatile(TAIL_OFFSET) - capacity);
        } else {
            announced = Math.max(0, topic.recordTail());
        }
        buffer.putLongVolatile(at + SUB_POSITION_OFFSET, announced);
        long tail = topic.recordTail();
        if (tail < 0) {
            failed = true;
            tail = 0;
        }
        protectedFrom = lossy ? Long.MAX_VALUE : tail;
        if (resumeAt >= 0) {
            checkHeld(resumeAt, tail);
            position = resumeAt;
        } else {
            position = start == StartPosition.LATEST ? tail : earliest(tail);
        }
        released = position;
        buffer.putLongVolatile(at + SUB_POSITION_OFFSET, position);
        buffer.putLongRelease(at + SUB_MESSAGES_OFFSET, delivered);
        // last: whoever sees the slot joined (TopicStatus) also sees the position it will read from
        buffer.putIntRelease(at + SUB_JOINED_OFFSET, joinedMark(slotWord));
    }

    private void checkHeld(final long resumeAt, final long tail) {
        boolean held = (resumeAt & (ALIGNMENT - 1)) == 0 && resumeAt <= tail && !lapped(resumeAt);
        if (held && resumeAt < tail) {
            final int at = ringOffset + (int)(resumeAt & mask);
            // bounded for a publisher that stopped with a live heartbeat; a dead one stops counting on its own
            final long deadlineNs = System.nanoTime() + Math.max(unblockTimeoutNs, topic.livenessTimeoutNs());
            long word = buffer.getLongVolatile(at);
            // a record at resumeAt that its publisher claimed and has not committed yet shows no stamp there: wait
            // while a claim at or before resumeAt is open (this is setup, not the hot path)
            while (!RecordDescriptor.isStampFor(word, resumeAt) && topic.lowestOpenClaim(System.nanoTime()) <= resumeAt
                && System.nanoTime() < deadlineNs) {
                Thread.yield();
                word = buffer.getLongVolatile(at);
            }
            // read again: a claim seen closed was stamped before its publisher cleared it, after the last read
            word = buffer.getLongVolatile(at);
            held = RecordDescriptor.isStampFor(word, resumeAt) && !lapped(resumeAt);
        }
        if (!held) {
            throw new PositionNotHeldException(topic.name(), resumeAt, earliest(tail), tail);
        }
    }

    private long earliest(final long tail) {
        final long lowest = Math.max(0, buffer.getLongVolatile(TAIL_OFFSET) - capacity);
        for (long p = (lowest + ALIGNMENT - 1) & -ALIGNMENT; p < tail; p += ALIGNMENT) {
            final long word = buffer.getLongVolatile(ringOffset + (int)(p & mask));
            if (RecordDescriptor.isStampFor(word, p)) {
                return p;
            }
        }
        return tail;
    }

    /**
     * Delivers available messages.
     *
     * @param handler to receive each message.
     * @param limit most messages to deliver in this call.
     * @return messages delivered, or a negative code.
     */
    public int poll(final MessageHandler handler, final int limit) {
        return poll(handler, null, limit);
    }

    /**
     * Delivers available messages to a handler that may stop early or refuse a message.
     *
     * @param handler to receive each message.
     * @param limit most messages to deliver in this call.
     * @return messages consumed, or a negative code.
     */
    public int controlledPoll(final ControlledMessageHandler handler, final int limit) {
        return poll(null, handler, limit);
    }

    private int poll(final MessageHandler handler, final ControlledMessageHandler controlled, final int limit) {
        if (closed) {
            return CLOSED;
        }
        if (failed) {
            return CHANNEL_FAILED;
        }
        if (!lossy && slots.getLongAcquire(slot + SLOT_STATE_OFFSET) != slotWord) {
            rejoin();
            if (failed) {
                return CHANNEL_FAILED;
            }
        }
        final long start = position;
        int count = 0;
        try {
            while (count < limit) {
                final long p = position;
                final int at = ringOffset + (int)(p & mask);
                if (p >= readLimit && p >= (readLimit = topic.readableTail())) {
                    idle(p, buffer.getLongVolatile(at));
                    break;
                }
                final long word = buffer.getLongAcquire(at);
                if (word == stamp(p, TYPE_DATA)) {
                    final int length = buffer.getInt(at + LENGTH_OFFSET);
                    final int session = buffer.getInt(at + SESSION_OFFSET);
                    final boolean safe = p >= protectedFrom;
                    if (length < 0 || length > maxMessageLength || (p & mask) + alignedLength(length) > capacity) {
                        if (!safe && lapped(p)) {
                            if (!skip(p)) {
                                return CHANNEL_FAILED;
                            }
                            continue;
                        }
                        return corrupt(p, "a message of length " + length);
                    }
                    final Action action;
                    if (safe) {
                        action = deliver(handler, controlled, buffer, at + HEADER_LENGTH, length);
                    } else {
                        buffer.getBytes(at + HEADER_LENGTH, scratch, 0, length);
                        VarHandle.acquireFence();
                        if (lapped(p)) {
                            if (!skip(p)) {
                                return CHANNEL_FAILED;
                            }
                            continue;
                        }
                        action = deliver(handler, controlled, scratch, 0, length);
                    }
                    if (action == Action.ABORT) {
                        break;
                    }
                    position = p + alignedLength(length);
                    count++;
                    delivered++;
                    countSequence(session);
                    if (action == Action.BREAK) {
                        break;
                    }
                } else if (word == stamp(p, TYPE_PADDING)) {
                    final int length = buffer.getInt(at + LENGTH_OFFSET);
                    if (p < protectedFrom) {
                        VarHandle.acquireFence();
                        if (lapped(p)) {
                            if (!skip(p)) {
                                return CHANNEL_FAILED;
                            }
                            continue;
                        }
                    }
                    final int span = topic.paddingSpan(length);
                    if (span < 0 || (p & mask) + span > capacity) {
                        return corrupt(p, "padding of length " + length);
                    }
                    position = p + span;
                } else {
                    idle(p, word);
                    break;
                }
            }
        } finally {
            if (position != start) {
                released = position;
                slots.putLongRelease(slot + SUB_POSITION_OFFSET, position);
                slots.putLongRelease(slot + SUB_MESSAGES_OFFSET, delivered);
            }
        }
        return count;
    }

    private static Action deliver(final MessageHandler handler, final ControlledMessageHandler controlled,
        final SharedBuffer source, final int offset, final int length) {
        if (handler != null) {
            handler.onMessage(source, offset, length);
            return Action.CONTINUE;
        }
        return controlled.onMessage(source, offset, length);
    }

    private void countSequence(final int session) {
        final int publisher = session >>> 24;
        final int sequence = session & SEQUENCE_MASK;
        final int expected = nextSequence[publisher];
        if (expected >= 0 && sequence != expected) {
            final int gap = (sequence - expected) & SEQUENCE_MASK;
            if (gap < SEQUENCE_MASK / 2) {
                lostMessages += gap;
                slots.putLongRelease(slot + SUB_LOST_MESSAGES_OFFSET, lostMessages);
            }
        }
        nextSequence[publisher] = (sequence + 1) & SEQUENCE_MASK;
    }

    private void idle(final long p, final long word) {
        if ((++idlePolls & 63) != 0 && (word & -ALIGNMENT) <= p) {
            return;
        }
        if (topic.errorLog().failed()) {
            failed = true;
            return;
        }
        final long tail = topic.readableTail();
        if (tail <= p) {
            stallPosition = -1;
            return;
        }
        if (lapped(p)) {
            skip(p);
            return;
        }
        if (replica) {
            return;
        }
        final long now = System.nanoTime();
        if (stallPosition != p) {
            stallPosition = p;
            stallStartNs = now;
        } else if (now - stallStartNs >= unblockTimeoutNs) {
            topic.reclaim(p, tail);
            stallPosition = -1;
        }
    }

    private boolean lapped(final long p) {
        return buffer.getLongVolatile(TAIL_OFFSET) - p > capacity;
    }

    /** Skips what was overwritten; false if the tail it would skip to is corrupt (the topic is then failed). */
    private boolean skip(final long p) {
        final long to = !lossy && p < protectedFrom ? protectedFrom : topic.recordTail();
        if (to < 0) {
            failed = true;
            return false;
        }
        lostBytes += to - (replica ? Math.min(to, Math.max(p, buffer.getLongVolatile(REPLICA_START_OFFSET))) : p);
        slots.putLongRelease(slot + SUB_LOST_BYTES_OFFSET, lostBytes);
        position = to;
        return true;
    }

    private void rejoin() {
        final long now = System.nanoTime();
        if (slotWord == DETACHED && now < nextRejoinNs) {
            return;
        }
        final long before = position;
        TopicFile.Slot taken = null;
        if (slotWord != DETACHED) {
            final long word = buffer.getLongVolatile(slot + SLOT_STATE_OFFSET);
            final long reclaimed = nextState(word, STATE_ACTIVE);
            if (state(word) == STATE_EVICTED) {
                buffer.putLongVolatile(slot + SLOT_HEARTBEAT_OFFSET, now);
                if (buffer.compareAndSetLong(slot + SLOT_STATE_OFFSET, word, reclaimed)) {
                    buffer.putIntRelease(slot + SUB_JOINED_OFFSET, 0);
                    taken = new TopicFile.Slot(-1, slot, reclaimed);
                }
            }
        }
        if (taken == null) {
            try {
                taken = topic.acquireSlot(topic.subscribersOffset(), topic.maxSubscribers(), false);
            } catch (final ChannelLimitException ex) {
                if (slotWord != DETACHED) {
                    topic.errorLog().record("an evicted subscriber found no free slot to rejoin; it reads " +
                        "unprotected, from the latest position, until a slot frees");
                }
                slots = SharedBuffer.allocateDirect(SLOT_LENGTH);
                slot = 0;
                slotWord = DETACHED;
                nextRejoinNs = now + REJOIN_INTERVAL_NS;
                protectedFrom = Long.MAX_VALUE;
                final long tail = topic.recordTail();
                if (tail < 0) {
                    failed = true;
                    return;
                }
                position = Math.max(position, tail);
                released = position;
                lostBytes += position - before;
                return;
            }
        }
        final boolean wasDetached = slotWord == DETACHED;
        join(taken, StartPosition.LATEST, -1);
        lostBytes += Math.max(0, position - before);
        slots.putLongRelease(slot + SUB_LOST_BYTES_OFFSET, lostBytes);
        slots.putLongRelease(slot + SUB_LOST_MESSAGES_OFFSET, lostMessages);
        if (!wasDetached) {
            topic.errorLog().record("a subscriber was evicted (its process did not heartbeat for the liveness " +
                "timeout) and rejoined at the latest position");
        }
    }

    /**
     * Hands the run of committed records and padding that starts at this subscription's position to a handler, as
     * raw ring bytes: for mirrors and recorders that copy the ring itself. The run stops at the first record not
     * yet committed (never handing bytes of a claim still being written), at the end of the ring (the next region
     * starts at ring offset 0), in a replica at its replica tail, and before the record that would take it past
     * {@code maxLength} (the first record is always handed whole). A claim abandoned for longer than the unblock
     * timeout is reclaimed as padding, as {@link #poll} does; a lapped or evicted subscription skips ahead and
     * counts the loss, so a region may start beyond where the previous one ended.
     * <p>
     * Unlike {@link #poll}, this does not move the position publishers of a reliable topic wait for: the caller
     * calls {@link #release(long)} once it is done with the bytes (a mirror: once the far side acknowledged them).
     * Do not mix it with {@link #poll} on one subscription. On a lossy topic, and below the position the
     * subscription joined at, publishers may rewrite the bytes while the caller reads them: confirm with
     * {@link #regionIntact(long)} after reading.
     *
     * @param handler to receive the region.
     * @param maxLength most bytes to hand, at least the ring bytes of a longest message.
     * @return bytes consumed (0 when nothing was there or the handler took nothing), or a negative code.
     * @throws IllegalArgumentException if {@code maxLength} is too small, or the handler returns a count that is not
     *     a record boundary of the region.
     */
    public int regionPoll(final RegionHandler handler, final int maxLength) {
        if (closed) {
            return CLOSED;
        }
        if (failed) {
            return CHANNEL_FAILED;
        }
        if (maxLength < alignedLength(maxMessageLength)) {
            throw new IllegalArgumentException("maxLength " + maxLength + " is below the ring bytes of a longest " +
                "message of topic '" + topic.name() + "' (" + alignedLength(maxMessageLength) + ")");
        }
        if (!lossy && slots.getLongAcquire(slot + SLOT_STATE_OFFSET) != slotWord) {
            rejoin();
        }
        final long start = position;
        final int startIndex = ringOffset + (int)(start & mask);
        if (start >= readLimit && start >= (readLimit = topic.readableTail())) {
            idle(start, buffer.getLongVolatile(startIndex));
            return 0;
        }
        final long end = Math.min((start | mask) + 1, readLimit);
        final long budget = start + maxLength;
        long p = start;
        while (p < end) {
            final long span = topic.recordSpan(p);
            if (span <= 0) {
                if (span < 0) {
                    return badRecord(start, p);
                }
                if (p == start) {
                    idle(p, buffer.getLongVolatile(startIndex));
                }
                break;
            }
            if (p + span > end || (p + span > budget && p > start)) {
                break;
            }
            p += span;
        }
        if (p == start) {
            return 0;
        }
        final int length = (int)(p - start);
        final int consumed = handler.onRegion(buffer, startIndex, length, start);
        if (consumed != length && consumed != 0 && !isBoundary(start, consumed, length)) {
            if (regionIntact(start)) {
                throw new IllegalArgumentException("the region handler consumed " + consumed + " bytes of a region " +
                    "of " + length + ": not a record boundary");
            }
            return 0;
        }
        position = start + consumed;
        return consumed;
    }

    private boolean isBoundary(final long start, final int consumed, final int length) {
        if (consumed < 0 || consumed > length) {
            return false;
        }
        long p = start;
        while (p < start + consumed) {
            final long span = topic.recordSpan(p);
            if (span <= 0) {
                return false;
            }
            p += span;
        }
        return p == start + consumed;
    }

    private int badRecord(final long start, final long p) {
        if (p < protectedFrom && lapped(p)) {
            skip(start);
            return 0;
        }
        return corrupt(p, "a record header that cannot be right");
    }

    /**
     * Confirms, after the caller finished reading bytes handed by {@link #regionPoll} from {@code from} on, that
     * publishers did not rewrite them meanwhile. If they may have, the subscription skips ahead as a lapped
     * {@link #poll} would and counts the loss: discard what was read, and carry on from {@link #position()}.
     *
     * @param from position of the first byte read.
     * @return true if the bytes read were intact.
     */
    public boolean regionIntact(final long from) {
        if (from >= protectedFrom && slots.getLongAcquire(slot + SLOT_STATE_OFFSET) == slotWord) {
            return true;
        }
        VarHandle.acquireFence();
        if (!lapped(from)) {
            return true;
        }
        skip(from);
        return false;
    }

    /**
     * Tells publishers of a reliable topic that everything before {@code position} is done with, for subscriptions
     * read with {@link #regionPoll}. Positions beyond what was read, or below what was released, are ignored.
     *
     * @param position a record boundary at or before {@link #position()}.
     */
    public void release(final long position) {
        if (position > released && position <= this.position) {
            released = position;
            slots.putLongRelease(slot + SUB_POSITION_OFFSET, position);
        }
    }

    /**
     * Everything before this position is done with: the position publishers of a reliable topic wait for.
     *
     * @return the position last published to the subscriber slot.
     */
    public long releasedPosition() {
        return released;
    }

    /**
     * The parameters the topic was created with, every one set: what a replica of it must have.
     *
     * @return a new configuration.
     */
    public TopicConfig topicConfig() {
        return topic.config();
    }

    /**
     * The incarnation of the topic ({@link TopicFile#incarnation()}).
     *
     * @return the incarnation.
     */
    public long incarnation() {
        return topic.incarnation();
    }

    private int corrupt(final long p, final String what) {
        topic.fail("found " + what + " at position " + p + ", which no publisher writes");
        failed = true;
        return CHANNEL_FAILED;
    }

    /**
     * Sleeps until a publisher commits, a message is already there, or the timeout passes; for
     * {@link BlockingWait}. Announces this subscriber as a sleeper, re-checks, then sleeps on the topic's futex word.
     *
     * @param timeoutNs longest sleep.
     */
    @Override
    public void await(final long timeoutNs) {
        if (closed) {
            return;
        }
        if (slotWord == DETACHED) {
            LockSupport.parkNanos(Math.min(timeoutNs, REJOIN_INTERVAL_NS));
            return;
        }
        final int flag = slot + SUB_WAITING_OFFSET;
        final int seen = signal.prepare(flag);
        try {
            final long p = position;
            final long word = buffer.getLongVolatile(ringOffset + (int)(p & mask));
            final boolean ready = replica ? p < topic.readableTail() :
                word == stamp(p, TYPE_DATA) || word == stamp(p, TYPE_PADDING);
            if (!ready) {
                signal.sleep(seen, timeoutNs);
            }
        } finally {
            signal.cancel(flag);
        }
    }

    /**
     * A new wait strategy of the kind this subscription was configured with ({@code spin}, {@code yield},
     * {@code backoff} or {@code block}), bound to it. Use one per polling thread:
     * {@code wait.idle(subscription.poll(handler, 10))}.
     *
     * @return the strategy.
     */
    public WaitStrategy newWaitStrategy() {
        return WaitStrategy.named(waitName, this);
    }

    /**
     * Longest message this topic takes, for sizing copy buffers.
     *
     * @return bytes.
     */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /**
     * Position of the next message to read.
     *
     * @return the position.
     */
    public long position() {
        return position;
    }

    /**
     * Messages delivered so far.
     *
     * @return the count.
     */
    public long messages() {
        return delivered;
    }

    /**
     * Messages this subscription knows it missed: gaps in publishers' sequences.
     *
     * @return the count.
     */
    public long lostMessages() {
        return lostMessages;
    }

    /**
     * Ring bytes this subscription skipped because they were overwritten or it was evicted.
     *
     * @return the count.
     */
    public long lostBytes() {
        return lostBytes;
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
     * Leaves the topic: publishers stop waiting for this subscription.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        heartbeat.close();
        if (slotWord != DETACHED) {
            signal.cancel(slot + SUB_WAITING_OFFSET);
            topic.releaseSlot(slot, slotWord, false);
        }
        topic.close();
    }
}
