package io.shimmy.topic;

/**
 * A record in a topic ring. Records start at 32-byte aligned positions and never cross the end of the ring.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  Stamp (64): position of the record | type in the low 5 bits  |  0
 *  +---------------------------------------------------------------+
 *  |  Length (32): payload bytes (DATA, CLAIMED), span (PADDING)   |  8
 *  +-------------------------------+-------------------------------+
 *  | Publisher (8) |           Publisher sequence (24)             | 12
 *  +---------------+-----------------------------------------------+
 *  |                 Payload, then padding to 32 bytes            ... 16
 *  +---------------------------------------------------------------+
 * </pre>
 * A reader at position P accepts a record only if its stamp is exactly {@code P | DATA} or {@code P | PADDING}:
 * bytes left from an earlier lap carry another position, so the ring is never zeroed.
 * <p>
 * Protocol: a publisher advances the tail with CAS, marks the header {@code P | CLAIMED} with CAS (so it owns it),
 * writes length, sequence and payload, then commits with a CAS from {@code CLAIMED} to {@code DATA}. A claim that
 * would cross the end of the ring first writes a {@code PADDING} record to the end. A reader that finds no committed
 * record at P while the tail is past P for longer than the unblock timeout reclaims the span: it marks P and every
 * unmarked record start after it {@code FENCE} (so a publisher that has not yet marked its claim will fail its CAS and
 * retry), stops at the first marked record or the tail, and turns P into {@code PADDING} over that span.
 */
public final class RecordDescriptor {
    /** Length of the record header. */
    public static final int HEADER_LENGTH = 16;
    /** Alignment of records. */
    public static final int ALIGNMENT = 32;

    /** Offset of the stamp. */
    public static final int STAMP_OFFSET = 0;
    /** Offset of the length. */
    public static final int LENGTH_OFFSET = 8;
    /** Offset of the publisher index and sequence. */
    public static final int SESSION_OFFSET = 12;

    /** Type of a committed message. */
    public static final int TYPE_DATA = 1;
    /** Type of a record to skip. */
    public static final int TYPE_PADDING = 2;
    /** Type of a claimed record still being written. */
    public static final int TYPE_CLAIMED = 3;
    /** Type of a record start fenced off by a reclaim. */
    public static final int TYPE_FENCE = 4;

    /** Mask of the sequence bits in the session word. */
    public static final int SEQUENCE_MASK = 0xFF_FFFF;

    private RecordDescriptor() {
    }

    /**
     * Bytes a message takes in the ring.
     *
     * @param length of the payload.
     * @return header plus payload, aligned.
     */
    public static int alignedLength(final int length) {
        return (HEADER_LENGTH + length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    /**
     * The stamp of a record.
     *
     * @param position of the record.
     * @param type of the record.
     * @return the stamp.
     */
    public static long stamp(final long position, final int type) {
        return position | type;
    }

    /**
     * Whether a word is a stamp, of any type, for a record at {@code position}.
     *
     * @param word read at the record's offset.
     * @param position of the record.
     * @return true if the word is {@code position | type} with a valid type.
     */
    public static boolean isStampFor(final long word, final long position) {
        final long type = word & (ALIGNMENT - 1);
        return (word & -ALIGNMENT) == position && type >= TYPE_DATA && type <= TYPE_FENCE;
    }

    /**
     * The session word of a record.
     *
     * @param publisher slot index of the publisher.
     * @param sequence the publisher's sequence number.
     * @return the word.
     */
    public static int session(final int publisher, final long sequence) {
        return publisher << 24 | (int)(sequence & SEQUENCE_MASK);
    }
}
