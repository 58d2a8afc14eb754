package io.shimmy.stream;

import io.shimmy.region.ChannelHeaderDescriptor;

/**
 * Layout of a stream connection file ({@code NAME@ID}) after the common header ({@link ChannelHeaderDescriptor}):
 * the two ends, and two single-producer single-consumer byte rings, one per direction. The end slot layout is shared
 * with the listener file ({@link ListenerDescriptor}).
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  Parameters, in the header's kind-specific area (immutable):
 *  +---------------------------------------------------------------+
 *  |          Ring Capacity, bytes, each direction (64)            | 320
 *  +---------------------------------------------------------------+
 *  |                   Liveness Timeout, ns (64)                   | 328
 *  +---------------------------------------------------------------+
 *  |                      Connection Id (64)                       | 336
 *  +---------------------------------------------------------------+
 *  |      Offset of the ring the connector writes (64): 8192       | 344
 *  +---------------------------------------------------------------+
 *  |  Offset of the ring the acceptor writes (64): 8192 + capacity | 352
 *  +---------------------------------------------------------------+
 *
 *  Ends, one 128-byte line pair each, written by their owner:
 *  +---------------------------------------------------------------+
 *  |      Connector end state (64): NONE 0, OPEN 1, CLOSED 2       | 4096
 *  +---------------------------------------------------------------+
 *  |         Connector heartbeat, System.nanoTime() (64)           | 4104
 *  +---------------------------------------------------------------+
 *  |              Connector pid, informational (64)                | 4112
 *  +---------------------------------------------------------------+
 *  |           Acceptor end: state, heartbeat, pid, as above      ... 4224
 *  +---------------------------------------------------------------+
 *
 *  Ring control, 6 line pairs (768 bytes) per ring: the ring the connector writes at 4352, the one the
 *  acceptor writes at 5120.
 *  +---------------------------------------------------------------+
 *  |                  Write Position (64): writer                  | +0
 *  +-------------------------------+-------------------------------+
 *  |  End of Stream (32): writer   |           reserved            | +8
 *  +-------------------------------+-------------------------------+
 *  |                   Full Events (64): writer                    | +16
 *  +---------------------------------------------------------------+
 *  |                   Read Position (64): reader                  | +128
 *  +-------------------------------+-------------------------------+
 *  |  Data Eventcount (32): writer |  the futex word readers sleep on  +256
 *  +-------------------------------+-------------------------------+
 *  |  Data Waiters (32): reader    |  Reader Waiting Flag (32)     | +384
 *  +-------------------------------+-------------------------------+
 *  | Space Eventcount (32): reader |  the futex word writers sleep on  +512
 *  +-------------------------------+-------------------------------+
 *  |  Space Waiters (32): writer   |  Writer Waiting Flag (32)     | +640
 *  +-------------------------------+-------------------------------+
 *  |       Wanted Read Position (64): writer, while it sleeps      | +648
 *  +---------------------------------------------------------------+
 *
 *  Rings: capacity bytes each, a power of two, raw bytes without framing:
 *  +---------------------------------------------------------------+
 *  |               Ring the connector writes                      ... 8192
 *  +---------------------------------------------------------------+
 *  |               Ring the acceptor writes                       ... 8192 + capacity
 *  +---------------------------------------------------------------+
 * </pre>
 * Positions are byte counts since the connection was created; the ring offset of position P is
 * {@code P & (capacity - 1)}. The bytes of {@code [read position, write position)} are the unread ones; a writer may
 * write up to {@code read position + capacity}.
 */
public final class StreamDescriptor {
    /** Length of a line pair: the unit of separation between fields that different parties write. */
    public static final int LINE_PAIR = 128;
    /** Smallest ring. */
    public static final int MIN_CAPACITY = 4096;
    /** Largest ring: two of them must fit a file Shimmy maps in one piece. */
    public static final int MAX_CAPACITY = 1 << 29;

    /** End state: nobody attached yet. */
    public static final long END_NONE = 0;
    /** End state: attached and heartbeating. */
    public static final long END_OPEN = 1;
    /** End state: closed by its owner. */
    public static final long END_CLOSED = 2;

    /** End field: state word. */
    public static final int END_STATE_OFFSET = 0;
    /** End field: heartbeat. */
    public static final int END_HEARTBEAT_OFFSET = END_STATE_OFFSET + 8;
    /** End field: pid, informational. */
    public static final int END_PID_OFFSET = END_HEARTBEAT_OFFSET + 8;

    private static final int P = ChannelHeaderDescriptor.PARAMS_OFFSET;
    /** Offset of the ring capacity. */
    public static final int CAPACITY_OFFSET = P;
    /** Offset of the liveness timeout. */
    public static final int LIVENESS_TIMEOUT_OFFSET = CAPACITY_OFFSET + 8;
    /** Offset of the connection id. */
    public static final int CONNECTION_ID_OFFSET = LIVENESS_TIMEOUT_OFFSET + 8;
    /** Offset of the offset of the ring the connector writes. */
    public static final int CONNECTOR_RING_OFFSET_OFFSET = CONNECTION_ID_OFFSET + 8;
    /** Offset of the offset of the ring the acceptor writes. */
    public static final int ACCEPTOR_RING_OFFSET_OFFSET = CONNECTOR_RING_OFFSET_OFFSET + 8;

    /** Offset of the connector's end. */
    public static final int CONNECTOR_END_OFFSET = ChannelHeaderDescriptor.BODY_OFFSET;
    /** Offset of the acceptor's end. */
    public static final int ACCEPTOR_END_OFFSET = CONNECTOR_END_OFFSET + LINE_PAIR;
    /** Offset of the control of the ring the connector writes. */
    public static final int CONNECTOR_CONTROL_OFFSET = ACCEPTOR_END_OFFSET + LINE_PAIR;
    /** Length of one ring's control. */
    public static final int CONTROL_LENGTH = 6 * LINE_PAIR;
    /** Offset of the control of the ring the acceptor writes. */
    public static final int ACCEPTOR_CONTROL_OFFSET = CONNECTOR_CONTROL_OFFSET + CONTROL_LENGTH;

    /** Ring control field: write position (writer). */
    public static final int WRITE_POSITION_OFFSET = 0;
    /** Ring control field: end-of-stream flag, 1 once the writer shut its output down (writer). */
    public static final int END_OF_STREAM_OFFSET = WRITE_POSITION_OFFSET + 8;
    /** Ring control field: times a write found the ring full (writer). */
    public static final int FULL_EVENTS_OFFSET = END_OF_STREAM_OFFSET + 8;
    /** Ring control field: read position (reader). */
    public static final int READ_POSITION_OFFSET = LINE_PAIR;
    /** Ring control field: eventcount bumped after writes while a reader sleeps (writer). */
    public static final int DATA_EVENTCOUNT_OFFSET = 2 * LINE_PAIR;
    /** Ring control field: readers announced as sleepers (reader). */
    public static final int DATA_WAITERS_OFFSET = 3 * LINE_PAIR;
    /** Ring control field: the reader's waiting flag (reader). */
    public static final int READER_WAITING_OFFSET = DATA_WAITERS_OFFSET + 4;
    /** Ring control field: eventcount bumped after reads while a writer sleeps (reader). */
    public static final int SPACE_EVENTCOUNT_OFFSET = 4 * LINE_PAIR;
    /** Ring control field: writers announced as sleepers (writer). */
    public static final int SPACE_WAITERS_OFFSET = 5 * LINE_PAIR;
    /** Ring control field: the writer's waiting flag (writer). */
    public static final int WRITER_WAITING_OFFSET = SPACE_WAITERS_OFFSET + 4;
    /** Ring control field: the read position a sleeping writer waits for, so the reader wakes it once (writer). */
    public static final int SPACE_WANTED_OFFSET = SPACE_WAITERS_OFFSET + 8;

    /** Where the rings begin: a page after the controls. */
    public static final int RINGS_OFFSET = 2 * ChannelHeaderDescriptor.BODY_OFFSET;

    private StreamDescriptor() {
    }

    /**
     * Offset of the ring the connector writes.
     *
     * @return the offset.
     */
    public static int connectorRingOffset() {
        return RINGS_OFFSET;
    }

    /**
     * Offset of the ring the acceptor writes.
     *
     * @param capacity of each ring.
     * @return the offset.
     */
    public static int acceptorRingOffset(final int capacity) {
        return RINGS_OFFSET + capacity;
    }

    /**
     * Length of a connection file.
     *
     * @param capacity of each ring.
     * @return bytes.
     */
    public static long fileLength(final int capacity) {
        return RINGS_OFFSET + 2L * capacity;
    }
}
