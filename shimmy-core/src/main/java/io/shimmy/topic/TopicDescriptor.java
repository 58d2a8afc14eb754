package io.shimmy.topic;

import io.shimmy.region.ChannelHeaderDescriptor;

/**
 * Layout of a topic file after the common header ({@link ChannelHeaderDescriptor}).
 * <pre>
 *  Parameters, in the header's kind-specific area (immutable):
 *  +---------------------------------------------------------------+
 *  |                    Ring Capacity, bytes (64)                  | 320
 *  +-------------------------------+-------------------------------+
 *  |     Max Message Length (32)   |       Max Publishers (32)     | 328
 *  +-------------------------------+-------------------------------+
 *  |      Max Subscribers (32)     |           reserved            | 336
 *  +-------------------------------+-------------------------------+
 *  |                    Liveness Timeout, ns (64)                  | 344
 *  +---------------------------------------------------------------+
 *  |                    Unblock Timeout, ns (64)                   | 352
 *  +---------------------------------------------------------------+
 *  |   Offsets of control block, publisher slots, subscriber      ... 360
 *  |   slots and ring (4 x 64), derived, checked when opening      |
 *  +---------------------------------------------------------------+
 *
 *  Control block at 4096, one 128-byte line pair per field a different party writes:
 *  +---------------------------------------------------------------+
 *  |   Tail position (64): advanced by publishers with CAS         | +0
 *  +---------------------------------------------------------------+
 *  |   Eventcount (32): bumped after commits when someone sleeps;   | +128
 *  |   the futex word sleepers wait on                             |
 *  +---------------------------------------------------------------+
 *  |   Waiters (32): subscribers announced as sleepers             | +256
 *  +---------------------------------------------------------------+
 *  |   Retired counters of closed or evicted parties (4 x 64)      | +384
 *  +---------------------------------------------------------------+
 *  |   Replica tail (64): subscribers of a replica never read at   | +512
 *  |   or beyond it; written by the replica's writer (release)     |
 *  +---------------------------------------------------------------+
 *  |   Replica writer: a slot laid out as a publisher slot; only   | +640
 *  |   state, heartbeat and pid are used                           |
 *  +---------------------------------------------------------------+
 *  |   Replica origin incarnation (64), base position (64), last   | +768
 *  |   acknowledgement (64), start position (64): by the writer    |
 *  +---------------------------------------------------------------+
 *  |   reserved                                                    | +896
 *  +---------------------------------------------------------------+
 *
 *  Publisher slot (128 bytes each, max publishers of them):
 *  +---------------------------------------------------------------+
 *  |   State (64): generation &lt;&lt; 2 | FREE 0, ACTIVE 1, EVICTED 2 | +0
 *  |   Heartbeat, System.nanoTime() (64)                           | +8
 *  |   Pid, informational (64)                                     | +16
 *  |   Messages committed, also the next sequence (64)             | +24
 *  |   Bytes committed (64)                                        | +32
 *  |   Back-pressure events (64)                                   | +40
 *  |   Open claim (64): position of the claim being written, or    | +48
 *  |   Long.MAX_VALUE; bounds every publisher's limit              |
 *  +---------------------------------------------------------------+
 *
 *  Subscriber slot (128 bytes each, max subscribers of them):
 *  +---------------------------------------------------------------+
 *  |   State (64): as for publishers                               | +0
 *  |   Heartbeat (64)                                              | +8
 *  |   Pid (64)                                                    | +16
 *  |   Position (64): everything before it has been consumed      | +24
 *  |   Messages delivered (64)                                     | +32
 *  |   Messages lost (64)                                          | +40
 *  |   Bytes lost (64)                                             | +48
 *  |   Waiting flag (32): 1 while announced as a sleeper           | +56
 *  |   Joined (32): low half of the state word, stored last when   | +60
 *  |   joining; 0 when the slot is taken                           |
 *  |   Name length (32), name US-ASCII (60 bytes)                 ... +64
 *  +---------------------------------------------------------------+
 *
 *  Ring at the next page boundary: capacity bytes, a power of two, of records ({@link RecordDescriptor}).
 * </pre>
 * Every position is a byte count since the topic was created; the ring offset is {@code position & (capacity - 1)}.
 * <p>
 * In a replica ({@link #FLAG_REPLICA}, written by a mirror and never by local publishers) the tail at
 * {@link #TAIL_OFFSET} is the replica's frontier: positions below {@code frontier - capacity} may have been
 * overwritten, as on any topic. Bytes below the replica tail at {@link #REPLICA_TAIL_OFFSET} have all landed;
 * subscribers read only below it, because the bytes of a remote write may land in any order.
 */
public final class TopicDescriptor {
    /** Header flag: publishers never wait; lapped subscribers skip ahead. */
    public static final int FLAG_LOSSY = 1;
    /** Header flag: the topic is a mirror's replica; local publishers are refused. */
    public static final int FLAG_REPLICA = 2;

    /** Length of a line pair: the unit of separation between fields that different parties write. */
    public static final int SLOT_LENGTH = 128;
    /** Smallest ring. */
    public static final int MIN_CAPACITY = 4096;
    /** Largest ring. */
    public static final int MAX_CAPACITY = 1 << 30;
    /** Most publishers a topic can have; the slot index is 8 bits of a record header. */
    public static final int MAX_PUBLISHERS_LIMIT = 255;
    /** Most subscribers a topic can have. */
    public static final int MAX_SUBSCRIBERS_LIMIT = 4096;

    private static final int P = ChannelHeaderDescriptor.PARAMS_OFFSET;
    /** Offset of the ring capacity. */
    public static final int CAPACITY_OFFSET = P;
    /** Offset of the max message length. */
    public static final int MAX_MESSAGE_LENGTH_OFFSET = CAPACITY_OFFSET + 8;
    /** Offset of the number of publisher slots. */
    public static final int MAX_PUBLISHERS_OFFSET = MAX_MESSAGE_LENGTH_OFFSET + 4;
    /** Offset of the number of subscriber slots. */
    public static final int MAX_SUBSCRIBERS_OFFSET = MAX_PUBLISHERS_OFFSET + 4;
    /** Offset of the liveness timeout. */
    public static final int LIVENESS_TIMEOUT_OFFSET = MAX_SUBSCRIBERS_OFFSET + 8;
    /** Offset of the unblock timeout. */
    public static final int UNBLOCK_TIMEOUT_OFFSET = LIVENESS_TIMEOUT_OFFSET + 8;
    /** Offset of the control block's offset. */
    public static final int CONTROL_OFFSET_OFFSET = UNBLOCK_TIMEOUT_OFFSET + 8;
    /** Offset of the publisher slots' offset. */
    public static final int PUBLISHERS_OFFSET_OFFSET = CONTROL_OFFSET_OFFSET + 8;
    /** Offset of the subscriber slots' offset. */
    public static final int SUBSCRIBERS_OFFSET_OFFSET = PUBLISHERS_OFFSET_OFFSET + 8;
    /** Offset of the ring's offset. */
    public static final int RING_OFFSET_OFFSET = SUBSCRIBERS_OFFSET_OFFSET + 8;

    /** Where the control block begins. */
    public static final int CONTROL_OFFSET = ChannelHeaderDescriptor.BODY_OFFSET;
    /** Offset of the tail position. */
    public static final int TAIL_OFFSET = CONTROL_OFFSET;
    /** Offset of the eventcount (futex word). */
    public static final int EVENTCOUNT_OFFSET = TAIL_OFFSET + SLOT_LENGTH;
    /** Offset of the count of waiting subscribers. */
    public static final int WAITERS_OFFSET = EVENTCOUNT_OFFSET + SLOT_LENGTH;
    /** Offset of the retired counters. */
    public static final int RETIRED_OFFSET = WAITERS_OFFSET + SLOT_LENGTH;
    /** Retired: bytes committed by publishers now gone. */
    public static final int RETIRED_BYTES_OFFSET = RETIRED_OFFSET;
    /** Retired: back-pressure events of publishers now gone. */
    public static final int RETIRED_BACK_PRESSURE_OFFSET = RETIRED_BYTES_OFFSET + 8;
    /** Retired: messages lost by subscribers now gone. */
    public static final int RETIRED_LOST_MESSAGES_OFFSET = RETIRED_BACK_PRESSURE_OFFSET + 8;
    /** Retired: bytes lost by subscribers now gone. */
    public static final int RETIRED_LOST_BYTES_OFFSET = RETIRED_LOST_MESSAGES_OFFSET + 8;
    /** Offset of the replica control area. */
    public static final int REPLICA_OFFSET = RETIRED_OFFSET + SLOT_LENGTH;
    /** Replica: offset of the replica tail, below which every byte has landed. */
    public static final int REPLICA_TAIL_OFFSET = REPLICA_OFFSET;
    /** Replica: offset of the writer's slot (state, heartbeat, pid as in a publisher slot). */
    public static final int REPLICA_WRITER_OFFSET = REPLICA_TAIL_OFFSET + SLOT_LENGTH;
    /** Replica: offset of the origin's incarnation, 0 until a mirror first writes the replica. */
    public static final int REPLICA_ORIGIN_OFFSET = REPLICA_WRITER_OFFSET + SLOT_LENGTH;
    /** Replica: offset of the base, the position from which the replica's contents are continuous. */
    public static final int REPLICA_BASE_OFFSET = REPLICA_ORIGIN_OFFSET + 8;
    /** Replica: offset of the last acknowledgement the writer sent to the origin (informational). */
    public static final int REPLICA_ACK_OFFSET = REPLICA_BASE_OFFSET + 8;
    /** Replica: offset of the position the replica first started at; nothing below it was ever in the replica. */
    public static final int REPLICA_START_OFFSET = REPLICA_ACK_OFFSET + 8;
    /** Length of the control block. */
    public static final int CONTROL_LENGTH = 8 * SLOT_LENGTH;
    /** Where the publisher slots begin. */
    public static final int PUBLISHERS_OFFSET = CONTROL_OFFSET + CONTROL_LENGTH;

    /** Slot field: state word. */
    public static final int SLOT_STATE_OFFSET = 0;
    /** Slot field: heartbeat. */
    public static final int SLOT_HEARTBEAT_OFFSET = 8;
    /** Slot field: pid. */
    public static final int SLOT_PID_OFFSET = 16;
    /** Publisher slot field: messages committed, the next sequence. */
    public static final int PUB_MESSAGES_OFFSET = 24;
    /** Publisher slot field: bytes committed. */
    public static final int PUB_BYTES_OFFSET = 32;
    /** Publisher slot field: back-pressure events. */
    public static final int PUB_BACK_PRESSURE_OFFSET = 40;
    /** Publisher slot field: position of the open claim, or {@link #NO_CLAIM}. */
    public static final int PUB_CLAIM_OFFSET = 48;
    /** Open-claim value of a publisher with no claim open. */
    public static final long NO_CLAIM = Long.MAX_VALUE;
    /** Subscriber slot field: position. */
    public static final int SUB_POSITION_OFFSET = 24;
    /** Subscriber slot field: messages delivered. */
    public static final int SUB_MESSAGES_OFFSET = 32;
    /** Subscriber slot field: messages lost. */
    public static final int SUB_LOST_MESSAGES_OFFSET = 40;
    /** Subscriber slot field: bytes lost. */
    public static final int SUB_LOST_BYTES_OFFSET = 48;
    /** Subscriber slot field: 1 while the subscriber is announced as a sleeper ({@code io.shimmy.wait.Signal}). */
    public static final int SUB_WAITING_OFFSET = 56;
    /**
     * Subscriber slot field: the joined mark, the low 32 bits of the state word its owner installed, stored with
     * release semantics as the last step of joining (after the position); zeroed when the slot is taken. See
     * {@link #joined(long, int)}.
     */
    public static final int SUB_JOINED_OFFSET = SUB_WAITING_OFFSET + 4;
    /** Subscriber slot field: name length. */
    public static final int SUB_NAME_LENGTH_OFFSET = SUB_JOINED_OFFSET + 4;
    /** Subscriber slot field: name. */
    public static final int SUB_NAME_OFFSET = SUB_NAME_LENGTH_OFFSET + 4;
    /** Room for a subscriber's name. */
    public static final int SUB_NAME_CAPACITY = SLOT_LENGTH - SUB_NAME_OFFSET;

    /** Slot state: free. */
    public static final int STATE_FREE = 0;
    /** Slot state: in use by a live party. */
    public static final int STATE_ACTIVE = 1;
    /** Slot state: its party stopped heartbeating and was evicted. */
    public static final int STATE_EVICTED = 2;

    private TopicDescriptor() {
    }

    /**
     * Offset of the subscriber slots.
     *
     * @param maxPublishers publisher slots in the file.
     * @return the offset.
     */
    public static int subscribersOffset(final int maxPublishers) {
        return PUBLISHERS_OFFSET + maxPublishers * SLOT_LENGTH;
    }

    /**
     * Offset of the ring: the page boundary after the slots.
     *
     * @param maxPublishers publisher slots in the file.
     * @param maxSubscribers subscriber slots in the file.
     * @return the offset.
     */
    public static int ringOffset(final int maxPublishers, final int maxSubscribers) {
        final int end = subscribersOffset(maxPublishers) + maxSubscribers * SLOT_LENGTH;
        return (end + 4095) & ~4095;
    }

    /**
     * Length of a topic file.
     *
     * @param capacity of the ring.
     * @param maxPublishers publisher slots.
     * @param maxSubscribers subscriber slots.
     * @return the file length.
     */
    public static long fileLength(final int capacity, final int maxPublishers, final int maxSubscribers) {
        return (long)ringOffset(maxPublishers, maxSubscribers) + capacity;
    }

    /**
     * State part of a slot's state word.
     *
     * @param word the state word.
     * @return one of the {@code STATE_} values.
     */
    public static int state(final long word) {
        return (int)(word & 3);
    }

    /**
     * The joined mark an owner stores for the state word it installed.
     *
     * @param word the state word installed.
     * @return its low 32 bits, never 0 for an {@code ACTIVE} word.
     */
    public static int joinedMark(final long word) {
        return (int)word;
    }

    /**
     * Whether a subscriber slot's owner has finished joining: its state is {@code ACTIVE} and its joined mark is the
     * one for that very state word. A mark left by an earlier owner (closed, evicted or taken over) names an older
     * generation, so it never makes a new owner look joined, even before the new owner zeroes it.
     *
     * @param word the slot's state word.
     * @param mark the slot's joined mark, read after the state word.
     * @return true if joined.
     */
    public static boolean joined(final long word, final int mark) {
        return state(word) == STATE_ACTIVE && mark == joinedMark(word);
    }

    /**
     * The state word that follows {@code word} with a new state and the next generation.
     *
     * @param word current state word.
     * @param state new state.
     * @return the new word.
     */
    public static long nextState(final long word, final int state) {
        return ((word >>> 2) + 1) << 2 | state;
    }
}
