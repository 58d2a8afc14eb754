package io.shimmy.stream;

import io.shimmy.region.ChannelHeaderDescriptor;

/**
 * Layout of a stream listener file ({@code NAME}) after the common header ({@link ChannelHeaderDescriptor}): the
 * listener's end, the counter that numbers connections, an eventcount for a sleeping {@code accept}, and the accept
 * queue, a table of slots in which connectors post the id of the connection file they created.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  Parameters, in the header's kind-specific area (immutable):
 *  +---------------------------------------------------------------+
 *  |        Ring Capacity of new connections, bytes (64)           | 320
 *  +---------------------------------------------------------------+
 *  |                   Liveness Timeout, ns (64)                   | 328
 *  +-------------------------------+-------------------------------+
 *  |         Backlog (32)          |           reserved            | 336
 *  +-------------------------------+-------------------------------+
 *  |            Offset of the accept slots (64): 4608              | 344
 *  +---------------------------------------------------------------+
 *
 *  Body, one 128-byte line pair per party that writes:
 *  +---------------------------------------------------------------+
 *  |   Listener end: state, heartbeat, pid (3 x 64), the layout   ... 4096  listener
 *  |   of a connection's ends ({@link StreamDescriptor})           |
 *  +---------------------------------------------------------------+
 *  |  Next Connection Id (64): connectors take ids by atomic add   | 4224  connectors
 *  +-------------------------------+-------------------------------+
 *  |       Eventcount (32)         |  the futex word accept sleeps on  4352  connectors
 *  +-------------------------------+-------------------------------+
 *  |        Waiters (32)           |  Listener Waiting Flag (32)   | 4480  listener
 *  +-------------------------------+-------------------------------+
 *  |  Accept slot 0: Request (64), 0 free, else the id of a        | 4608  connector, listener
 *  |  connection file waiting to be accepted; 128 bytes a slot    ...
 *  +---------------------------------------------------------------+
 *  |                   Accept slot 1 ...                          ... 4736
 * </pre>
 * A connector posts its id with a CAS from 0; the listener takes it with a CAS back to 0, and so does a connector
 * that withdraws. Ids are unique for the life of the listener file, so a slot's word never means two requests.
 * Taking a request does not make the connection: the acceptor end's state in the connection file decides, a CAS
 * from NONE to OPEN by the listener against a CAS from NONE to CLOSED by a connector that gives up
 * ({@code ConnectionFile.claimAcceptor}, {@code ConnectionFile.abandon}).
 */
public final class ListenerDescriptor {
    /** Longest accept queue. */
    public static final int MAX_BACKLOG = 1024;

    private static final int P = ChannelHeaderDescriptor.PARAMS_OFFSET;
    /** Offset of the ring capacity of new connections. */
    public static final int CAPACITY_OFFSET = P;
    /** Offset of the liveness timeout. */
    public static final int LIVENESS_TIMEOUT_OFFSET = CAPACITY_OFFSET + 8;
    /** Offset of the number of accept slots. */
    public static final int BACKLOG_OFFSET = LIVENESS_TIMEOUT_OFFSET + 8;
    /** Offset of the offset of the accept slots. */
    public static final int SLOTS_OFFSET_OFFSET = BACKLOG_OFFSET + 8;

    /** Offset of the listener's end. */
    public static final int LISTENER_END_OFFSET = ChannelHeaderDescriptor.BODY_OFFSET;
    /** Offset of the next connection id. */
    public static final int NEXT_ID_OFFSET = LISTENER_END_OFFSET + StreamDescriptor.LINE_PAIR;
    /** Offset of the eventcount. */
    public static final int EVENTCOUNT_OFFSET = NEXT_ID_OFFSET + StreamDescriptor.LINE_PAIR;
    /** Offset of the waiters count. */
    public static final int WAITERS_OFFSET = EVENTCOUNT_OFFSET + StreamDescriptor.LINE_PAIR;
    /** Offset of the listener's waiting flag. */
    public static final int WAITING_OFFSET = WAITERS_OFFSET + 4;
    /** Offset of the accept slots. */
    public static final int SLOTS_OFFSET = WAITERS_OFFSET + StreamDescriptor.LINE_PAIR;
    /** Length of an accept slot. */
    public static final int SLOT_LENGTH = StreamDescriptor.LINE_PAIR;
    /** Accept slot field: the request word. */
    public static final int SLOT_REQUEST_OFFSET = 0;

    private static final int PAGE = 4096;

    private ListenerDescriptor() {
    }

    /**
     * Offset of an accept slot.
     *
     * @param index of the slot.
     * @return the offset.
     */
    public static int slotOffset(final int index) {
        return SLOTS_OFFSET + index * SLOT_LENGTH;
    }

    /**
     * Length of a listener file: the slots, rounded up to whole pages.
     *
     * @param backlog number of accept slots.
     * @return bytes.
     */
    public static long fileLength(final int backlog) {
        return ((long)slotOffset(backlog) + PAGE - 1) & -PAGE;
    }
}
