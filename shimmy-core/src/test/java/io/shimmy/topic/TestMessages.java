package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Self-checking test messages: {@code [publisher id (32) | sequence (64) | body | CRC32 of all before (64)]},
 * little-endian, with a body that is a function of (publisher, sequence, length). A torn or misplaced message fails
 * its checksum.
 */
final class TestMessages {
    /** Shortest message: id, sequence and checksum. */
    static final int MIN_LENGTH = 20;

    private TestMessages() {
    }

    /**
     * Writes a message.
     *
     * @param dst array to write into, from index 0.
     * @param publisherId to embed.
     * @param sequence to embed.
     * @param length of the message, at least {@link #MIN_LENGTH}.
     */
    static void encode(final byte[] dst, final int publisherId, final long sequence, final int length) {
        final ByteBuffer bytes = ByteBuffer.wrap(dst).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putInt(0, publisherId);
        bytes.putLong(4, sequence);
        long x = (publisherId * 0x9E3779B97F4A7C15L) ^ (sequence * 0xBF58476D1CE4E5B9L) ^ length;
        for (int i = 12; i < length - 8; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            dst[i] = (byte)x;
        }
        bytes.putLong(length - 8, crc(dst, length - 8));
    }

    /**
     * Checks a message's checksum.
     *
     * @param buffer holding the message.
     * @param offset at which it begins.
     * @param length of the message.
     * @param scratch array of at least {@code length} bytes.
     * @return true if the message is whole.
     */
    static boolean valid(final SharedBuffer buffer, final int offset, final int length, final byte[] scratch) {
        if (length < MIN_LENGTH) {
            return false;
        }
        buffer.getBytes(offset, scratch, 0, length);
        final long stored = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN).getLong(length - 8);
        return stored == crc(scratch, length - 8);
    }

    static int publisherId(final SharedBuffer buffer, final int offset) {
        return buffer.getInt(offset);
    }

    static long sequence(final SharedBuffer buffer, final int offset) {
        return buffer.getLong(offset + 4);
    }

    private static long crc(final byte[] bytes, final int length) {
        final CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
