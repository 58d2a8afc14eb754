package io.shimmy.mirror;

/**
 * Where one-sided transports ({@code ucx}, {@code disni}) put a topic's new tail: a box of 64 bytes per topic
 * session in memory the receiver registered, written remotely and polled by the receiver, which checks the tail
 * against the replica before publishing it.
 * <pre>
 *  +0  i64 tail      the new replica tail
 *  +8  i64 check     {@link #check(long)} of the tail: a box read while its bytes were landing does not match
 *  +16 48 bytes      unused
 * </pre>
 */
public final class TailBoxDescriptor {
    /** Length of a box. */
    public static final int BOX_LENGTH = 64;
    /** Offset of the tail. */
    public static final int TAIL_OFFSET = 0;
    /** Offset of the check word. */
    public static final int CHECK_OFFSET = 8;
    /** Bytes written per tail. */
    public static final int WRITE_LENGTH = 16;

    private TailBoxDescriptor() {
    }

    /**
     * The check word of a tail.
     *
     * @param tail the tail.
     * @return its check word, never equal to an all-zero box's.
     */
    public static long check(final long tail) {
        return Long.rotateLeft(tail * 0x9E3779B97F4A7C15L, 29) ^ 0x5348494D54414C4CL;
    }
}
