package io.shimmy.mirror;

/**
 * A frame of the mirror's control connection (TCP), little-endian. Every frame has the same 40-byte header; the
 * payload's meaning depends on the type.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          Length (32): bytes after this field, 36 + payload    |  0
 *  +---------------------------------------------------------------+
 *  |                          Type (32)                            |  4
 *  +---------------------------------------------------------------+
 *  |               Topic (32): the session's topic id, or 0        |  8
 *  +---------------------------------------------------------------+
 *  |                        reserved (32)                          | 12
 *  +---------------------------------------------------------------+
 *  |                        Argument A (64)                        | 16
 *  +---------------------------------------------------------------+
 *  |                        Argument B (64)                        | 24
 *  +---------------------------------------------------------------+
 *  |                        Argument C (64)                        | 32
 *  +---------------------------------------------------------------+
 *  |                          Payload                             ... 40
 *  +---------------------------------------------------------------+
 * </pre>
 * A connection: the sender sends {@link #HELLO} (A: protocol version, payload: magic, nonce, transport name); the
 * receiver answers {@link #CHALLENGE} (payload: its nonce and its proof); the sender sends {@link #PROOF}; the
 * receiver answers {@link #WELCOME} (payload: what the transport needs to connect) or {@link #ERROR}. Then, per
 * topic: {@link #OPEN} (A: incarnation, B: layout version, payload: parameters and name), {@link #ACCEPT} (A: the
 * replica's tail or -1 if fresh, B: grant, C: base; payload: what the transport needs) or {@link #REFUSE},
 * {@link #START} (A: the position the sender starts at), then {@link #ACK} (A: released, B: grant, C: base) from
 * the receiver and, on the tcp transport, {@link #WRITE} (A: position, payload: ring bytes) and {@link #TAIL}
 * (A: tail) from the sender, with {@link #RESET} (A: position) after a loss. {@link #HEARTBEAT} keeps an idle
 * connection alive; {@link #ERROR} (payload: UTF-8 text) precedes closing it.
 */
public final class FrameDescriptor {
    /** Length of the header. */
    public static final int HEADER_LENGTH = 40;
    /** Offset of the length field. */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 4;
    /** Offset of the topic id. */
    public static final int TOPIC_OFFSET = 8;
    /** Offset of argument A. */
    public static final int A_OFFSET = 16;
    /** Offset of argument B. */
    public static final int B_OFFSET = 24;
    /** Offset of argument C. */
    public static final int C_OFFSET = 32;
    /** The length field's value for a frame without payload. */
    public static final int EMPTY_LENGTH = HEADER_LENGTH - 4;

    /** Magic at the start of a {@link #HELLO} payload: "SHIMMYMR". */
    public static final long MAGIC = 0x524D594D4D494853L;
    /** Version of this protocol. */
    public static final int PROTOCOL_VERSION = 1;

    /** Sender's greeting. */
    public static final int HELLO = 1;
    /** Receiver's challenge and proof. */
    public static final int CHALLENGE = 2;
    /** Sender's proof. */
    public static final int PROOF = 3;
    /** Receiver accepts the connection. */
    public static final int WELCOME = 4;
    /** Sender asks to mirror a topic. */
    public static final int OPEN = 5;
    /** Receiver took the replica. */
    public static final int ACCEPT = 6;
    /** Receiver cannot take the replica now; A is 1 if trying again later may help. */
    public static final int REFUSE = 7;
    /** Sender starts the session at a position. */
    public static final int START = 8;
    /** Ring bytes (tcp transport). */
    public static final int WRITE = 9;
    /** New replica tail (tcp transport). */
    public static final int TAIL = 10;
    /** Sender restarts the replica at a position after a loss. */
    public static final int RESET = 11;
    /** Receiver's acknowledgement and grant. */
    public static final int ACK = 12;
    /** Nothing happened for a while. */
    public static final int HEARTBEAT = 13;
    /** A fatal problem, in words; the connection closes after it. */
    public static final int ERROR = 14;

    /** Longest payload of any frame but {@link #WRITE}. */
    public static final int MAX_CONTROL_PAYLOAD = 4096;

    private FrameDescriptor() {
    }

    /**
     * Name of a frame type, for log lines.
     *
     * @param type of the frame.
     * @return its name.
     */
    public static String name(final int type) {
        switch (type) {
            case HELLO: return "HELLO";
            case CHALLENGE: return "CHALLENGE";
            case PROOF: return "PROOF";
            case WELCOME: return "WELCOME";
            case OPEN: return "OPEN";
            case ACCEPT: return "ACCEPT";
            case REFUSE: return "REFUSE";
            case START: return "START";
            case WRITE: return "WRITE";
            case TAIL: return "TAIL";
            case RESET: return "RESET";
            case ACK: return "ACK";
            case HEARTBEAT: return "HEARTBEAT";
            case ERROR: return "ERROR";
            default: return "type " + type;
        }
    }
}
