package io.shimmy.examples.frames;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Layout of the header in front of every frame on the stream, little-endian, {@link #LENGTH} bytes; the payload
 * follows it.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       Magic ("SHMF")                          |  0
 *  +---------------------------------------------------------------+
 *  |                   Type: FRAME or END                          |  4
 *  +---------------------------------------------------------------+
 *  |        Index (FRAME: 0, 1, 2...; END: number of frames)       |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   Sent: System.nanoTime() when the source began the frame     | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  Offset: payload bytes before this frame (END: all of them)   | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |         Payload length (END: 32, the SHA-256 that follows)    | 32
 *  +---------------------------------------------------------------+
 *  |                   CRC-32C of the payload                      | 36
 *  +---------------------------------------------------------------+
 *  |              Width in pixels (0 for file chunks)              | 40
 *  +---------------------------------------------------------------+
 *  |              Height in pixels (0 for file chunks)             | 44
 *  +---------------------------------------------------------------+
 * </pre>
 * After the END frame the source shuts its output down (half-close); the sink answers with one line,
 * {@code OK frames bytes sha256} or {@code FAIL reason}, and closes.
 */
public final class FrameHeader {
    /** Offset of the magic number. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the type. */
    public static final int TYPE_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    /** Offset of the frame index. */
    public static final int INDEX_OFFSET = TYPE_OFFSET + Integer.BYTES;
    /** Offset of the sent time. */
    public static final int SENT_NS_OFFSET = INDEX_OFFSET + Long.BYTES;
    /** Offset of the stream offset of the payload. */
    public static final int PAYLOAD_OFFSET_OFFSET = SENT_NS_OFFSET + Long.BYTES;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = PAYLOAD_OFFSET_OFFSET + Long.BYTES;
    /** Offset of the payload's CRC-32C. */
    public static final int CRC_OFFSET = PAYLOAD_LENGTH_OFFSET + Integer.BYTES;
    /** Offset of the width. */
    public static final int WIDTH_OFFSET = CRC_OFFSET + Integer.BYTES;
    /** Offset of the height. */
    public static final int HEIGHT_OFFSET = WIDTH_OFFSET + Integer.BYTES;
    /** Length of the header. */
    public static final int LENGTH = HEIGHT_OFFSET + Integer.BYTES;

    /** "SHMF" read as a little-endian int. */
    public static final int MAGIC = 0x464D4853;
    /** A frame of payload. */
    public static final int FRAME = 1;
    /** The end of the transfer: the payload is the SHA-256 of every frame's payload, in order. */
    public static final int END = 2;
    /** Length of the END frame's payload. */
    public static final int DIGEST_LENGTH = 32;

    private FrameHeader() {
    }

    /**
     * A little-endian view of a header's bytes.
     *
     * @param bytes at least {@link #LENGTH} of them.
     * @return the view.
     */
    public static ByteBuffer wrap(final byte[] bytes) {
        return ByteBuffer.wrap(bytes, 0, LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    }
}
