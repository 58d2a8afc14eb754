package io.shimmy.topic;

/**
 * A record in a topic ring. Records start at 32-byte aligned positions and never cross the end of the ring.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  Stamp (64): position of the record | type in the low 5 bits  |  0
 *  +---------------------------------------------------------------+
 *  |  Length (32): payload bytes (DATA), span (PADDING)            |  8
 *  +-------------------------------+-------------------------------+
 *  | Publisher (8) |           Publisher sequence (24)             | 12
 *  +---------------+-----------------------------------------------+
 *  |                 Payload, then padding to 32 bytes            ... 16
 *  +---------------------------------------------------------------+
 * </pre>
 * A reader at position P accepts a record only if its stamp is exactly {@code P | DATA} or {@code P | PADDING}:
 * bytes left from an earlier lap carry another position, so the ring is never zeroed.
 * <p>
 * Protocol: a publisher advances the tail with CAS, writes length, sequence and payload while the stamp still holds
 * a stale word of an earlier lap, then commits with one CAS from that stale word to {@code P | DATA}: the stamp is
 * the only word at P that anyone but the publisher writes, and it is written once. A claim that would cross the end
 * of the ring first writes a {@code PADDING} record to the end. A reader that finds no committed record at P while
 * the tail is past P for longer than the unblock timeout reclaims the span: it CASes P and every record start after
 * it that holds no stamp for its position to {@code FENCE} (a publisher whose start is fenced then fails its commit
 * CAS and learns that its claim was lost), stops at the first committed record or the tail, and turns P into
 * {@code PADDING} over that span. Type 3 is reserved (once a mark of claims being written).
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
     * @return true if the word is {@code position | type} with a type that is written ({@code DATA}, {@code PADDING}
     *     or {@code FENCE}; not the reserved 3).
     */
    public static boolean isStampFor(final long word, final long position) {
        final long type = word & (ALIGNMENT - 1);
        return (word & -ALIGNMENT) == position && (type == TYPE_DATA || type == TYPE_PADDING || type == TYPE_FENCE);
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
