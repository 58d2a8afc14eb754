package io.shimmy.mirror;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.MessageHandler;

import java.util.zip.CRC32;

/**
 * Test messages that check themselves: {@code [sequence (8) | length (4) | pattern ... | crc32 (4)]}, and a handler
 * that checks order, length and checksum of everything it is handed.
 */
final class Messages implements MessageHandler {
    /** Shortest message. */
    static final int MIN_LENGTH = 16;

    private long next;
    private long bad;
    private long outOfOrder;
    private long duplicates;
    private long received;
    private final byte[] scratch = new byte[1 << 20];

    static int encode(final byte[] dst, final long sequence, final int length) {
        final SharedBuffer buffer = SharedBuffer.wrap(dst);
        buffer.putLong(0, sequence);
        buffer.putInt(8, length);
        for (int i = 12; i < length - 4; i++) {
            dst[i] = (byte)(sequence * 31 + i);
        }
        final CRC32 crc = new CRC32();
        crc.update(dst, 0, length - 4);
        buffer.putInt(length - 4, (int)crc.getValue());
        return length;
    }

    static int length(final long sequence, final int maxLength) {
        return MIN_LENGTH + (int)((sequence * 7919) % (maxLength - MIN_LENGTH + 1));
    }

    @Override
    public void onMessage(final SharedBuffer buffer, final int offset, final int length) {
        received++;
        buffer.getBytes(offset, scratch, 0, length);
        final SharedBuffer copy = SharedBuffer.wrap(scratch);
        final CRC32 crc = new CRC32();
        crc.update(scratch, 0, Math.max(0, length - 4));
        if (length < MIN_LENGTH || copy.getInt(8) != length || copy.getInt(length - 4) != (int)crc.getValue()) {
            bad++;
            return;
        }
        final long sequence = copy.getLong(0);
        if (sequence < next) {
            duplicates++;
        } else if (sequence > next) {
            outOfOrder++;
        }
        next = sequence + 1;
    }

    long received() {
        return received;
    }

    long next() {
        return next;
    }

    long bad() {
        return bad;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long duplicates() {
        return duplicates;
    }

    String summary() {
        return "received=" + received + " next=" + next + " bad=" + bad + " outOfOrder=" + outOfOrder +
            " duplicates=" + duplicates;
    }
}
