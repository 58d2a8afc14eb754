package io.shimmy.topic;

import io.shimmy.ChannelLimitException;
import io.shimmy.ChannelNotFoundException;
import io.shimmy.CorruptChannelException;
import io.shimmy.IncompatibleChannelException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelFile;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.region.ChannelKind;
import io.shimmy.region.ErrorLog;
import io.shimmy.wait.Signal;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static io.shimmy.topic.RecordDescriptor.ALIGNMENT;
import static io.shimmy.topic.RecordDescriptor.LENGTH_OFFSET;
import static io.shimmy.topic.RecordDescriptor.TYPE_DATA;
import static io.shimmy.topic.RecordDescriptor.TYPE_FENCE;
import static io.shimmy.topic.RecordDescriptor.TYPE_PADDING;
import static io.shimmy.topic.TopicDescriptor.*;

/**
 * A mapped topic file with its checked parameters, and the shared-state operations that publishers and
 * subscribers both need: slots, flow-control limits and reclaiming abandoned claims.
 */
public final class TopicFile implements AutoCloseable {
    private final ChannelFile file;
    private final SharedBuffer buffer;
    private final int capacity;
    private final int mask;
    private final int maxMessageLength;
    private final int maxPublishers;
    private final int maxSubscribers;
    private final long livenessTimeoutNs;
    private final long unblockTimeoutNs;
    private final int ringOffset;
    private final int subscribersOffset;
    private final boolean lossy;
    private final boolean replica;

    private TopicFile(final ChannelFile file) {
        this.file = file;
        this.buffer = file.buffer();
        final long declaredCapacity = buffer.getLong(CAPACITY_OFFSET);
        final long declaredRing = buffer.getLong(RING_OFFSET_OFFSET);
        final long declaredSubscribers = buffer.getLong(SUBSCRIBERS_OFFSET_OFFSET);
        if (declaredCapacity < MIN_CAPACITY || declaredCapacity > MAX_CAPACITY ||
            declaredRing < CONTROL_OFFSET || declaredRing > file.buffer().capacity() ||
            declaredSubscribers < CONTROL_OFFSET || declaredSubscribers > file.buffer().capacity()) {
            throw new CorruptChannelException("topic '" + file.name() + "' has impossible parameters (capacity " +
                declaredCapacity + ", ring at " + declaredRing + "); remove it if nothing uses it (shimmy clean, " +
                "or rm " + file.path() + ")");
        }
        this.capacity = (int)declaredCapacity;
        this.mask = capacity - 1;
        this.maxMessageLength = buffer.getInt(MAX_MESSAGE_LENGTH_OFFSET);
        this.maxPublishers = buffer.getInt(MAX_PUBLISHERS_OFFSET);
        this.maxSubscribers = buffer.getInt(MAX_SUBSCRIBERS_OFFSET);
        this.livenessTimeoutNs = buffer.getLong(LIVENESS_TIMEOUT_OFFSET);
        this.unblockTimeoutNs = buffer.getLong(UNBLOCK_TIMEOUT_OFFSET);
        this.ringOffset = (int)buffer.getLong(RING_OFFSET_OFFSET);
        this.subscribersOffset = (int)buffer.getLong(SUBSCRIBERS_OFFSET_OFFSET);
        this.lossy = (file.flags() & FLAG_LOSSY) != 0;
        this.replica = (file.flags() & FLAG_REPLICA) != 0;
    }

    /**
     * Opens a topic, creating it if allowed and absent.
     *
     * @param dir channel directory.
     * @param name of the topic, already validated.
     * @param config options required of an existing topic (those set), and used to create one.
     * @param create whether to create the topic when it does not exist.
     * @param permissions of a created file.
     * @param preTouch whether to fault in every page of the ring now.
     * @return the open topic.
     * @throws CorruptChannelException if the topic was marked failed (see {@link TopicStatus} to inspect one).
     */
    public static TopicFile open(final Path dir, final String name, final TopicConfig config, final boolean create,
        final Set<PosixFilePermission> permissions, final boolean preTouch) {
        return open(dir, name, config, create, permissions, preTouch, false, false).refuseIfFailed();
    }

    /**
     * Opens a mirror's replica of a topic, creating it flagged {@link TopicDescriptor#FLAG_REPLICA} if absent.
     *
     * @param dir channel directory.
     * @param name of the topic, already validated.
     * @param config the origin's parameters, every one of them set ({@link #config()} of the origin).
     * @param permissions of a created file.
     * @param preTouch whether to fault in every page of the ring now.
     * @return the open replica.
     * @throws IncompatibleChannelException if a topic of that name exists that is not a replica, or was created with
     *     other parameters.
     */
    public static TopicFile openReplica(final Path dir, final String name, final TopicConfig config,
        final Set<PosixFilePermission> permissions, final boolean preTouch) {
        final TopicFile topic = open(dir, name, config, true, permissions, preTouch, false, true).refuseIfFailed();
        if (!topic.replica) {
            throw new IncompatibleChannelException("topic '" + name + "' in " + dir + " is an ordinary topic, not " +
                "a mirror's replica, so a mirror may not write it; remove it (shimmy clean once unused) or mirror " +
                "into another directory");
        }
        return topic;
    }

    /**
     * This mapping again, for another publication or subscription of the same process, so that parties coming and
     * going do not map (and pre-touch) the file anew each time: mappings are only released by the garbage
     * collector. Checks what {@link #open} checks.
     *
     * @param config options required of the topic (those set), or null.
     * @return this topic, or null if its name now leads to another file (removed and recreated): open that one.
     * @throws CorruptChannelException if the topic was marked failed.
     * @throws IncompatibleChannelException if an option set in {@code config} differs.
     */
    public TopicFile reuse(final TopicConfig config) {
        if (!file.stillAtPath()) {
            return null;
        }
        check(config);
        return refuseIfFailed();
    }

    private TopicFile refuseIfFailed() {
        if (errorLog().failed()) {
            final java.util.List<ErrorLog.Entry> errors = errorLog().entries();
            throw new CorruptChannelException("topic '" + name() + "' was marked failed (" +
                (errors.isEmpty() ? "no reason recorded" : errors.get(errors.size() - 1).text()) +
                "); see shimmy stat " + name() + ", then remove it (shimmy clean) and recreate it");
        }
        return this;
    }

    /**
     * Opens a topic read-only, failed or not, for inspection: nothing is written to it.
     *
     * @param dir channel directory.
     * @param name of the topic.
     * @return the open topic.
     */
    static TopicFile openForInspection(final Path dir, final String name) {
        return open(dir, name, null, false, null, false, true, false);
    }

    private static TopicFile open(final Path dir, final String name, final TopicConfig config, final boolean create,
        final Set<PosixFilePermission> permissions, final boolean preTouch, final boolean readOnly,
        final boolean replica) {
        TopicFile topic = null;
        while (topic == null) {
            ChannelFile file = null;
            if (create && !Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                config.validate(name);
                final int flags = (config.lossy() ? FLAG_LOSSY : 0) | (replica ? FLAG_REPLICA : 0);
                final long length = fileLength(config.capacity(), config.maxPublishers(), config.maxSubscribers());
                file = ChannelFile.create(dir, name, ChannelKind.TOPIC, flags, length, permissions,
                    buffer -> initialise(buffer, config));
            }
            if (file == null) {
                try {
                    file = ChannelFile.open(dir, name, ChannelKind.TOPIC, readOnly);
                } catch (final ChannelNotFoundException ex) {
                    if (create) {
                        continue;
                    }
                    throw new ChannelNotFoundException("no topic '" + name + "' in " + dir +
                        ": start its publisher first, or check --dir / SHIMMY_DIR");
                }
            }
            topic = new TopicFile(file);
        }
        topic.check(config);
        if (preTouch) {
            topic.file.preTouch(topic.ringOffset, topic.capacity);
            topic.file.preTouch(CONTROL_OFFSET, topic.ringOffset - CONTROL_OFFSET);
        }
        return topic;
    }

    private static void initialise(final SharedBuffer buffer, final TopicConfig config) {
        buffer.putLong(CAPACITY_OFFSET, config.capacity());
        buffer.putInt(MAX_MESSAGE_LENGTH_OFFSET, config.maxMessageLength());
        buffer.putInt(MAX_PUBLISHERS_OFFSET, config.maxPublishers());
        buffer.putInt(MAX_SUBSCRIBERS_OFFSET, config.maxSubscribers());
        buffer.putLong(LIVENESS_TIMEOUT_OFFSET, config.livenessTimeoutNs());
        buffer.putLong(UNBLOCK_TIMEOUT_OFFSET, config.unblockTimeoutNs());
        buffer.putLong(CONTROL_OFFSET_OFFSET, CONTROL_OFFSET);
        buffer.putLong(PUBLISHERS_OFFSET_OFFSET, PUBLISHERS_OFFSET);
        buffer.putLong(SUBSCRIBERS_OFFSET_OFFSET, TopicDescriptor.subscribersOffset(config.maxPublishers()));
        buffer.putLong(RING_OFFSET_OFFSET, TopicDescriptor.ringOffset(config.maxPublishers(), config.maxSubscribers()));
    }

    private void check(final TopicConfig config) {
        final String name = file.name();
        final String fix = "; remove it if nothing uses it (shimmy clean, or rm " + file.path() + ")";
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1 ||
            maxMessageLength < 1 || maxMessageLength > capacity / 8 ||
            maxPublishers < 1 || maxPublishers > MAX_PUBLISHERS_LIMIT ||
            maxSubscribers < 1 || maxSubscribers > MAX_SUBSCRIBERS_LIMIT ||
            livenessTimeoutNs <= 0 || unblockTimeoutNs <= 0) {
            throw new CorruptChannelException("topic '" + name + "' has impossible parameters (capacity " +
                capacity + ", max message " + maxMessageLength + ", publishers " + maxPublishers + ", subscribers " +
                maxSubscribers + ")" + fix);
        }
        if (buffer.getLong(CONTROL_OFFSET_OFFSET) != CONTROL_OFFSET ||
            buffer.getLong(PUBLISHERS_OFFSET_OFFSET) != PUBLISHERS_OFFSET ||
            subscribersOffset != TopicDescriptor.subscribersOffset(maxPublishers) ||
            ringOffset != TopicDescriptor.ringOffset(maxPublishers, maxSubscribers) ||
            buffer.capacity() != fileLength(capacity, maxPublishers, maxSubscribers)) {
            throw new CorruptChannelException("topic '" + name + "' has a layout that contradicts its parameters" +
                fix);
        }
        if (config == null) {
            return;
        }
        mismatch(config.capacitySet() && config.capacity() != capacity, "capacity",
            size(capacity), size(config.capacity()));
        mismatch(config.maxMessageLengthSet() && config.maxMessageLength() != maxMessageLength, "max message length",
            size(maxMessageLength), size(config.maxMessageLength()));
        mismatch(config.lossySet() && config.lossy() != lossy, "delivery",
            lossy ? "lossy" : "reliable", config.lossy() ? "lossy" : "reliable");
        mismatch(config.livenessTimeoutSet() && config.livenessTimeoutNs() != livenessTimeoutNs, "liveness timeout",
            livenessTimeoutNs / 1_000_000 + " ms", config.livenessTimeoutNs() / 1_000_000 + " ms");
        mismatch(config.unblockTimeoutSet() && config.unblockTimeoutNs() != unblockTimeoutNs, "unblock timeout",
            unblockTimeoutNs / 1_000_000 + " ms", config.unblockTimeoutNs() / 1_000_000 + " ms");
        mismatch(config.maxPublishersSet() && config.maxPublishers() != maxPublishers, "max publishers",
            String.valueOf(maxPublishers), String.valueOf(config.maxPublishers()));
        mismatch(config.maxSubscribersSet() && config.maxSubscribers() != maxSubscribers, "max subscribers",
            String.valueOf(maxSubscribers), String.valueOf(config.maxSubscribers()));
    }

    private void mismatch(final boolean differs, final String option, final String actual, final String asked) {
        if (differs) {
            throw new IncompatibleChannelException("topic '" + file.name() + "' was created with " + option + " " +
                actual + " but opened asking " + asked + "; open it without that option, or use another topic name");
        }
    }

    /**
     * A byte count as users write it: {@code 1m}, {@code 64k}, or plain bytes.
     *
     * @param bytes the count.
     * @return the text.
     */
    public static String size(final long bytes) {
        if (bytes >= 1 << 30 && bytes % (1 << 30) == 0) {
            return bytes / (1 << 30) + "g";
        }
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + "m";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return bytes / (1 << 10) + "k";
        }
        return String.valueOf(bytes);
    }

    /**
     * Takes a free slot, or one whose owner stopped heartbeating (retiring its counters first). A subscriber slot is
     * taken with its joined mark zeroed: its owner marks it joined once it has announced its position.
     *
     * @param base offset of the slot table.
     * @param count slots in the table.
     * @param publisher whether these are publisher slots (for counters and the message).
     * @return the slot taken and the state word installed in it.
     * @throws ChannelLimitException if every slot is held by a live party.
     */
    Slot acquireSlot(final int base, final int count, final boolean publisher) {
        for (int pass = 0; pass < 2; pass++) {
            final long now = System.nanoTime();
            for (int i = 0; i < count; i++) {
                final int slot = base + i * SLOT_LENGTH;
                final long word = buffer.getLongVolatile(slot + SLOT_STATE_OFFSET);
                final int state = state(word);
                final boolean stale = state != STATE_FREE &&
                    now - buffer.getLongVolatile(slot + SLOT_HEARTBEAT_OFFSET) > livenessTimeoutNs;
                if (state != STATE_FREE && !(pass == 1 && stale)) {
                    continue;
                }
                // heartbeat first: a slot that turned ACTIVE with its previous owner's old heartbeat would be
                // evicted by the next publisher computing its limit, before its new owner even joined
                buffer.putLongVolatile(slot + SLOT_HEARTBEAT_OFFSET, System.nanoTime());
                final long installed = nextState(word, STATE_ACTIVE);
                if (buffer.compareAndSetLong(slot + SLOT_STATE_OFFSET, word, installed)) {
                    if (state != STATE_FREE) {
                        retire(slot, publisher);
                    }
                    if (!publisher) {
                        Signal.clearWaiter(buffer, slot + SUB_WAITING_OFFSET, WAITERS_OFFSET);
                        buffer.putIntRelease(slot + SUB_JOINED_OFFSET, 0);
                    }
                    buffer.putLong(slot + SLOT_PID_OFFSET, ProcessHandle.current().pid());
                    if (publisher) {
                        buffer.putLongVolatile(slot + PUB_CLAIM_OFFSET, NO_CLAIM);
                    }
                    return new Slot(i, slot, installed);
                }
            }
        }
        throw new ChannelLimitException("topic '" + file.name() + "' has all " + count + " " +
            (publisher ? "publisher" : "subscriber") + " slots in use by live processes; close some, or recreate " +
            "the topic with more (TopicConfig.max" + (publisher ? "Publishers" : "Subscribers") + ")");
    }

    /**
     * A slot taken by {@link #acquireSlot}.
     *
     * @param index of the slot in its table.
     * @param offset of the slot in the file.
     * @param word state word installed; the slot is still ours while it holds this word.
     */
    record Slot(int index, int offset, long word) {
    }

    /**
     * Adds a departing party's counters to the retired totals and zeroes them.
     *
     * @param slot offset of the slot.
     * @param publisher whether it is a publisher slot.
     */
    void retire(final int slot, final boolean publisher) {
        if (publisher) {
            buffer.getAndAddLong(RETIRED_BYTES_OFFSET, buffer.getLongVolatile(slot + PUB_BYTES_OFFSET));
            buffer.getAndAddLong(RETIRED_BACK_PRESSURE_OFFSET, buffer.getLongVolatile(slot + PUB_BACK_PRESSURE_OFFSET));
            buffer.putLongVolatile(slot + PUB_BYTES_OFFSET, 0);
            buffer.putLongVolatile(slot + PUB_BACK_PRESSURE_OFFSET, 0);
        } else {
            buffer.getAndAddLong(RETIRED_LOST_MESSAGES_OFFSET,
                buffer.getLongVolatile(slot + SUB_LOST_MESSAGES_OFFSET));
            buffer.getAndAddLong(RETIRED_LOST_BYTES_OFFSET, buffer.getLongVolatile(slot + SUB_LOST_BYTES_OFFSET));
            buffer.putLongVolatile(slot + SUB_LOST_MESSAGES_OFFSET, 0);
            buffer.putLongVolatile(slot + SUB_LOST_BYTES_OFFSET, 0);
            buffer.putLongVolatile(slot + SUB_MESSAGES_OFFSET, 0);
        }
    }

    /**
     * Frees a slot this process holds, if it still holds it.
     *
     * @param slot offset of the slot.
     * @param word state word this process set.
     * @param publisher whether it is a publisher slot.
     */
    void releaseSlot(final int slot, final long word, final boolean publisher) {
        if (buffer.getLongVolatile(slot + SLOT_STATE_OFFSET) == word) {
            retire(slot, publisher);
            buffer.compareAndSetLong(slot + SLOT_STATE_OFFSET, word, nextState(word, STATE_FREE));
        }
    }

    /**
     * Computes how far publishers may write: the lowest of the tail, the open claims of live publishers and (on
     * reliable topics) the positions of live subscribers, plus the capacity. Bounding by open claims keeps a
     * publisher that is slow between its claim and its commit from being lapped, which would let its late writes
     * land in a newer record. Subscribers whose heartbeat is older than the liveness timeout are evicted.
     *
     * @param tail the tail, read before this call.
     * @return the limit position.
     */
    long computeLimit(final long tail) {
        return computeLimit(tail, Long.MIN_VALUE);
    }

    /**
     * The lowest position a live publisher has claimed from and not yet committed or aborted.
     *
     * @param now {@link System#nanoTime()}.
     * @return the position, or {@code NO_CLAIM} if no live publisher holds a claim.
     */
    long lowestOpenClaim(final long now) {
        long min = NO_CLAIM;
        for (int i = 0; i < maxPublishers; i++) {
            final int slot = PUBLISHERS_OFFSET + i * SLOT_LENGTH;
            if (state(buffer.getLongVolatile(slot + SLOT_STATE_OFFSET)) == STATE_ACTIVE) {
                final long claim = buffer.getLongVolatile(slot + PUB_CLAIM_OFFSET);
                if (claim < min && now - buffer.getLongVolatile(slot + SLOT_HEARTBEAT_OFFSET) <= livenessTimeoutNs) {
                    min = claim;
                }
            }
        }
        return min;
    }

    /**
     * As {@link #computeLimit(long)}, counting subscribers below {@code floor} as if they were at it: a replica's
     * subscribers below its base have lost those positions already and skip them on their next poll.
     *
     * @param tail the tail, read before this call.
     * @param floor lowest subscriber position that counts.
     * @return the limit position.
     */
    long computeLimit(final long tail, final long floor) {
        final long now = System.nanoTime();
        long min = Math.min(tail, lowestOpenClaim(now));
        if (lossy) {
            return min + capacity;
        }
        for (int i = 0; i < maxSubscribers; i++) {
            final int slot = subscribersOffset + i * SLOT_LENGTH;
            final long word = buffer.getLongVolatile(slot + SLOT_STATE_OFFSET);
            if (state(word) != STATE_ACTIVE) {
                continue;
            }
            final long position = Math.max(floor, buffer.getLongVolatile(slot + SUB_POSITION_OFFSET));
            if (now - buffer.getLongVolatile(slot + SLOT_HEARTBEAT_OFFSET) > livenessTimeoutNs) {
                if (buffer.compareAndSetLong(slot + SLOT_STATE_OFFSET, word, nextState(word, STATE_EVICTED))) {
                    Signal.clearWaiter(buffer, slot + SUB_WAITING_OFFSET, WAITERS_OFFSET);
                    file.errorLog().record("evicted subscriber in slot " + i + " (no heartbeat for the liveness " +
                        "timeout of " + livenessTimeoutNs / 1_000_000 + " ms)");
                }
                continue;
            }
            if (position < min) {
                min = position;
            }
        }
        return min + capacity;
    }

    /**
     * Reclaims an abandoned claim at {@code position} as padding. See {@link RecordDescriptor} for the protocol.
     *
     * @param position of the record nobody committed.
     * @param tail the tail, beyond {@code position}.
     * @return true if the record at {@code position} is now committed (by this call or another party).
     */
    boolean reclaim(final long position, final long tail) {
        final int index = ringOffset + (int)(position & mask);
        final long fence = RecordDescriptor.stamp(position, TYPE_FENCE);
        long word = buffer.getLongVolatile(index);
        if (word == RecordDescriptor.stamp(position, TYPE_DATA) ||
            word == RecordDescriptor.stamp(position, TYPE_PADDING)) {
            return true;
        }
        if (word != fence && !buffer.compareAndSetLong(index, word, fence)) {
            return false;
        }
        final long lapEnd = (position | mask) + 1;
        final long end = Math.min(tail, lapEnd);
        long next = position + ALIGNMENT;
        while (next < end) {
            final int at = ringOffset + (int)(next & mask);
            word = buffer.getLongVolatile(at);
            if (word == RecordDescriptor.stamp(next, TYPE_DATA) || word == RecordDescriptor.stamp(next, TYPE_PADDING)) {
                break;
            }
            if (word == RecordDescriptor.stamp(next, TYPE_FENCE) ||
                buffer.compareAndSetLong(at, word, RecordDescriptor.stamp(next, TYPE_FENCE))) {
                next += ALIGNMENT;
            }
        }
        final int span = (int)(next - position);
        buffer.putInt(index + LENGTH_OFFSET, span);
        if (buffer.compareAndSetLong(index, fence, RecordDescriptor.stamp(position, TYPE_PADDING))) {
            file.errorLog().record("reclaimed an abandoned claim (a publisher died or stalled for longer than the " +
                "unblock timeout of " + unblockTimeoutNs / 1_000_000 + " ms mid-write)");
        }
        return true;
    }

    /**
     * Reads the readable tail ({@link #readableTail()}: the tail, or a replica's replica tail) to use it as a record
     * position. Publishers and replica writers only ever store record starts there, which are 32-byte aligned and
     * never negative; any other value was written by something else, and a record read or written there would be a
     * misaligned access, so the topic is marked failed instead.
     *
     * @return the tail, or -1 if it is not a record start (the topic is then marked failed).
     */
    long recordTail() {
        final long tail = readableTail();
        if (tail < 0 || (tail & (ALIGNMENT - 1)) != 0) {
            fail("found a tail of " + tail + ", which is not a record start");
            return -1;
        }
        return tail;
    }

    /**
     * The bytes a padding record covers. Its length is its span, a multiple of 32, unless a publisher that resumed
     * after its claim was reclaimed has since stored its payload length there (a plain store no CAS can stop): that
     * length rounded up to 32 lies within its own claim, so within the padding, and the rest of the padding, still
     * fenced, is reclaimed again after the unblock timeout.
     *
     * @param length the padding's length field.
     * @return the span to skip, or -1 if no party writes such a length.
     */
    int paddingSpan(final int length) {
        if (length >= ALIGNMENT && (length & (ALIGNMENT - 1)) == 0) {
            return length;
        }
        if (length < 0 || length > maxMessageLength) {
            return -1;
        }
        errorLog().record("a padding record's length was overwritten by a publisher that resumed after its " +
            "claim was reclaimed; subscribers skip that claim and reclaim the rest of the padding again");
        return Math.max(ALIGNMENT, (length + ALIGNMENT - 1) & -ALIGNMENT);
    }

    /**
     * The ring bytes of the committed record at {@code position}, checked as a reader checks them.
     *
     * @param position of the record.
     * @return its span (a message's aligned length, or a padding's length), 0 if no record is committed there, or
     *     -1 if the header of a committed record cannot be right.
     */
    long recordSpan(final long position) {
        final int at = ringOffset + (int)(position & mask);
        final long word = buffer.getLongAcquire(at);
        final int length = buffer.getInt(at + LENGTH_OFFSET);
        final int span;
        if (word == RecordDescriptor.stamp(position, TYPE_DATA)) {
            span = length < 0 || length > maxMessageLength ? -1 : RecordDescriptor.alignedLength(length);
        } else if (word == RecordDescriptor.stamp(position, TYPE_PADDING)) {
            span = paddingSpan(length);
        } else {
            return 0;
        }
        return span < 0 || (position & mask) + span > capacity ? -1 : span;
    }

    /**
     * Marks the topic failed after finding a record that cannot be right.
     *
     * @param what was found.
     */
    void fail(final String what) {
        file.errorLog().fail("topic '" + file.name() + "' is corrupt: " + what);
    }

    /**
     * The mapped file.
     *
     * @return the channel file.
     */
    public ChannelFile channelFile() {
        return file;
    }

    /**
     * A new handle on the topic's eventcount, for publishers to signal and subscribers to sleep on.
     *
     * @return the signal.
     */
    Signal newSignal() {
        return new Signal(buffer, EVENTCOUNT_OFFSET, WAITERS_OFFSET);
    }

    SharedBuffer buffer() {
        return buffer;
    }

    ErrorLog errorLog() {
        return file.errorLog();
    }

    /**
     * Name of the topic.
     *
     * @return the name.
     */
    public String name() {
        return file.name();
    }

    /**
     * Ring capacity.
     *
     * @return bytes.
     */
    public int capacity() {
        return capacity;
    }

    int mask() {
        return mask;
    }

    /**
     * Longest message.
     *
     * @return bytes.
     */
    public int maxMessageLength() {
        return maxMessageLength;
    }

    /**
     * Number of publisher slots.
     *
     * @return the count.
     */
    public int maxPublishers() {
        return maxPublishers;
    }

    /**
     * Number of subscriber slots.
     *
     * @return the count.
     */
    public int maxSubscribers() {
        return maxSubscribers;
    }

    /**
     * Liveness timeout.
     *
     * @return nanoseconds.
     */
    public long livenessTimeoutNs() {
        return livenessTimeoutNs;
    }

    /**
     * Unblock timeout.
     *
     * @return nanoseconds.
     */
    public long unblockTimeoutNs() {
        return unblockTimeoutNs;
    }

    int ringOffset() {
        return ringOffset;
    }

    int subscribersOffset() {
        return subscribersOffset;
    }

    /**
     * Whether the topic is lossy.
     *
     * @return true if lossy.
     */
    public boolean lossy() {
        return lossy;
    }

    /**
     * Whether the topic is a mirror's replica.
     *
     * @return true if a replica.
     */
    public boolean replica() {
        return replica;
    }

    /**
     * The tail position: everything before it is claimed. In a replica, the frontier: see {@link TopicDescriptor}.
     *
     * @return the tail.
     */
    public long tail() {
        return buffer.getLongVolatile(TAIL_OFFSET);
    }

    /**
     * The position below which subscribers may read: the tail, or in a replica the replica tail.
     *
     * @return the position.
     */
    public long readableTail() {
        return replica ? buffer.getLongAcquire(REPLICA_TAIL_OFFSET) : buffer.getLongVolatile(TAIL_OFFSET);
    }

    /**
     * The parameters the topic was created with, every one of them set: what a replica of it must have.
     *
     * @return a new configuration.
     */
    public TopicConfig config() {
        return new TopicConfig().capacity(capacity).maxMessageLength(maxMessageLength).lossy(lossy)
            .livenessTimeoutNs(livenessTimeoutNs).unblockTimeoutNs(unblockTimeoutNs).maxPublishers(maxPublishers)
            .maxSubscribers(maxSubscribers);
    }

    /**
     * Identifies this incarnation of the topic: a topic removed and created again under the same name has another.
     * A replica answers with its origin's incarnation (0 until a mirror first wrote it), so mirrors of mirrors
     * agree.
     *
     * @return a non-zero value for an origin; a replica's stored origin incarnation.
     */
    public long incarnation() {
        if (replica) {
            return buffer.getLongVolatile(REPLICA_ORIGIN_OFFSET);
        }
        long hash = 0x9E3779B97F4A7C15L;
        for (final int offset : new int[] {ChannelHeaderDescriptor.CREATED_MS_OFFSET,
            ChannelHeaderDescriptor.CREATOR_PID_OFFSET, ChannelHeaderDescriptor.CREATOR_START_MS_OFFSET}) {
            hash = (hash ^ buffer.getLong(offset)) * 0xBF58476D1CE4E5B9L;
            hash ^= hash >>> 31;
        }
        return hash == 0 ? 1 : hash;
    }

    @Override
    public void close() {
        file.close();
    }
}
