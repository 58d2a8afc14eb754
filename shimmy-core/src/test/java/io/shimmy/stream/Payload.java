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
public final class Payload {
    private Payload() {
    }

    /** What a receiver got. */
    record Result(long received, long firstBad, long crc) {
        @Override
        public String toString() {
            return "received=" + received + " firstBad=" + firstBad + " crc=" + Long.toHexString(crc);
        }
    }

    /**
     * The content's byte at a stream position.
     *
     * @param seed of the content.
     * @param position in the stream.
     * @return the byte.
     */
    public static byte at(final long seed, final long position) {
        long z = seed * 0x9E3779B97F4A7C15L + (position >>> 3) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (byte)(z >>> ((position & 7) << 3));
    }

    /**
     * Copies the content of {@code [position, position + length)} into an array.
     *
     * @param seed of the content.
     * @param position of the first byte in the stream.
     * @param dst array to fill.
     * @param offset in {@code dst}.
     * @param length bytes to fill.
     */
    public static void fill(final long seed, final long position, final byte[] dst, final int offset,
        final int length) {
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
        final Checker receiver = new Checker(seed, sizes);
        final byte[] piece = new byte[maxPiece];
        final ByteBuffer heap = ByteBuffer.allocate(maxPiece);
        final WaitStrategy wait = connection.newWaitStrategy();
        while (true) {
            final int length = 1 + sizes.nextInt(maxPiece);
            final int n;
            switch (sizes.nextInt(4)) {
                case 0:
                    n = connection.read(piece, 0, length);
                    receiver.check(piece, 0, n);
                    break;
                case 1:
                    heap.clear().limit(length);
                    n = connection.read(heap);
                    receiver.check(heap.array(), 0, n);
                    break;
                case 2:
                    n = connection.inputStream().read(piece, 0, length);
                    receiver.check(piece, 0, n);
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

    /**
     * The CRC-32 of the content of {@code [0, length)}.
     *
     * @param seed of the content.
     * @param length bytes.
     * @return the checksum.
     */
    public static long crc(final long seed, final long length) {
        final CRC32 crc = new CRC32();
        final byte[] piece = new byte[8192];
        for (long at = 0; at < length; at += piece.length) {
            final int n = (int)Math.min(piece.length, length - at);
            fill(seed, at, piece, 0, n);
            crc.update(piece, 0, n);
        }
        return crc.getValue();
    }

    /**
     * Checks bytes against the content of a seed as they arrive, from stream position 0, with a CRC-32 of what
     * arrived; as a handler of zero-copy polls it consumes a random part of what it is handed now and then.
     */
    public static final class Checker implements StreamHandler {
        private final long seed;
        private final Random sizes;
        private final CRC32 crc = new CRC32();
        private long received;
        private long firstBad = -1;

        /**
         * A checker of the content of a seed.
         *
         * @param seed of the content.
         */
        public Checker(final long seed) {
            this(seed, new Random(seed));
        }

        Checker(final long seed, final Random sizes) {
            this.seed = seed;
            this.sizes = sizes;
        }

        /**
         * Checks bytes that arrived.
         *
         * @param bytes array holding them.
         * @param offset of the first.
         * @param length how many; none if negative (an end of stream).
         */
        public void check(final byte[] bytes, final int offset, final int length) {
            for (int i = 0; i < length; i++) {
                checkByte(bytes[offset + i]);
            }
            crc.update(bytes, offset, Math.max(0, length));
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

        /**
         * Bytes checked so far.
         *
         * @return the count.
         */
        public long received() {
            return received;
        }

        /**
         * The stream position of the first wrong byte.
         *
         * @return the position, or -1 if every byte was right.
         */
        public long firstBad() {
            return firstBad;
        }

        /**
         * The CRC-32 of the bytes checked so far.
         *
         * @return the checksum.
         */
        public long crc() {
            return crc.getValue();
        }

        Result result() {
            return new Result(received, firstBad, crc.getValue());
        }
    }
}
