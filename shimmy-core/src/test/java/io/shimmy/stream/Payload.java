package io.shimmy.stream;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.wait.WaitStrategy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Pseudo-random stream content that a receiver can check byte by byte without knowing how it was cut: the byte at
 * each stream position is a function of a seed and the position. {@link #send} writes it in random pieces, mixing
 * every write method; {@link #receive} reads it in random pieces, mixing every read method including zero-copy
 * polls that consume random parts of what they are handed.
 */
final class Payload {
    private Payload() {
    }

    /** What a receiver got. */
    record Result(long received, long firstBad, long crc) {
        @Override
        public String toString() {
            return "received=" + received + " firstBad=" + firstBad + " crc=" + Long.toHexString(crc);
        }
    }

    static byte at(final long seed, final long position) {
        long z = seed * 0x9E3779B97F4A7C15L + (position >>> 3) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (byte)(z >>> ((position & 7) << 3));
    }

    static void fill(final long seed, final long position, final byte[] dst, final int offset, final int length) {
        for (int i = 0; i < length; i++) {
            dst[offset + i] = at(seed, position + i);
        }
    }

    /**
     * Writes {@code total} bytes of the content of {@code seed}, then ends the output.
     *
     * @return the CRC-32 of what was written.
     */
    static long send(final StreamConnection connection, final long total, final long seed, final Random sizes,
        final int maxPiece) throws IOException {
        final byte[] piece = new byte[maxPiece];
        final ByteBuffer direct = ByteBuffer.allocateDirect(maxPiece);
        final CRC32 crc = new CRC32();
        long sent = 0;
        while (sent < total) {
            final int length = (int)Math.min(total - sent, 1 + sizes.nextInt(maxPiece));
            fill(seed, sent, piece, 0, length);
            switch (sizes.nextInt(3)) {
                case 0:
                    direct.clear().put(piece, 0, length).flip();
                    assertWrote(connection.write(direct), length);
                    break;
                case 1:
                    assertWrote(connection.write(piece, 0, length), length);
                    break;
                default:
                    connection.outputStream().write(piece, 0, length);
                    break;
            }
            crc.update(piece, 0, length);
            sent += length;
        }
        connection.shutdownOutput();
        return crc.getValue();
    }

    private static void assertWrote(final int written, final int length) {
        if (written != length) {
            throw new AssertionError("a blocking write wrote " + written + " of " + length + " bytes");
        }
    }

    /**
     * Reads the content of {@code seed} until end of stream, checking every byte.
     *
     * @return what was received.
     */
    static Result receive(final StreamConnection connection, final long seed, final Random sizes,
        final int maxPiece) throws IOException {
        final Receiver receiver = new Receiver(seed, sizes);
        final byte[] piece = new byte[maxPiece];
        final ByteBuffer heap = ByteBuffer.allocate(maxPiece);
        final WaitStrategy wait = connection.newWaitStrategy();
        while (true) {
            final int length = 1 + sizes.nextInt(maxPiece);
            final int n;
            switch (sizes.nextInt(4)) {
                case 0:
                    n = connection.read(piece, 0, length);
                    receiver.check(piece, Math.max(0, n));
                    break;
                case 1:
                    heap.clear().limit(length);
                    n = connection.read(heap);
                    receiver.check(heap.array(), Math.max(0, n));
                    break;
                case 2:
                    n = connection.inputStream().read(piece, 0, length);
                    receiver.check(piece, Math.max(0, n));
                    break;
                default:
                    n = connection.poll(receiver, length);
                    wait.idle(n);
                    break;
            }
            if (n < 0) {
                return receiver.result();
            }
        }
    }

    /** Checks bytes against the expected content, in place for polls. */
    private static final class Receiver implements StreamHandler {
        private final long seed;
        private final Random sizes;
        private final CRC32 crc = new CRC32();
        private long received;
        private long firstBad = -1;

        Receiver(final long seed, final Random sizes) {
            this.seed = seed;
            this.sizes = sizes;
        }

        void check(final byte[] bytes, final int length) {
            for (int i = 0; i < length; i++) {
                checkByte(bytes[i]);
            }
            crc.update(bytes, 0, length);
        }

        private void checkByte(final byte b) {
            if (firstBad < 0 && b != at(seed, received)) {
                firstBad = received;
            }
            received++;
        }

        @Override
        public int onBytes(final SharedBuffer buffer, final int offset, final int length) {
            final int take = sizes.nextInt(4) == 0 ? sizes.nextInt(length + 1) : length;
            for (int i = 0; i < take; i++) {
                final byte b = buffer.getByte(offset + i);
                checkByte(b);
                crc.update(b);
            }
            return take;
        }

        Result result() {
            return new Result(received, firstBad, crc.getValue());
        }
    }
}
