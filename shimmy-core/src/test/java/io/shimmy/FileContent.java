package io.shimmy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What a bad-file test puts at a channel's name, made from the bytes of a valid file of the kind.
 */
@FunctionalInterface
public interface FileContent {
    /**
     * The content.
     *
     * @param valid bytes of a valid file.
     * @return the bytes to write.
     */
    byte[] of(byte[] valid);

    /**
     * A valid file with one int changed.
     *
     * @param offset of the int.
     * @param value to put there.
     * @return the content.
     */
    static FileContent patchInt(final int offset, final int value) {
        return valid -> {
            final byte[] copy = valid.clone();
            ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
            return copy;
        };
    }

    /**
     * A valid file with one long changed.
     *
     * @param offset of the long.
     * @param value to put there.
     * @return the content.
     */
    static FileContent patchLong(final int offset, final long value) {
        return valid -> {
            final byte[] copy = valid.clone();
            ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
            return copy;
        };
    }
}
