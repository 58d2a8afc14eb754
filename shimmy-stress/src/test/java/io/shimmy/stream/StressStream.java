package io.shimmy.stream;

import io.shimmy.region.Keepalive;
import io.shimmy.stress.ShmDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One small connection for one jcstress state: a real connection file created on the tmpfs, mapped a second time
 * for the accepting end (as two processes would), then unlinked at once (the mappings stay, and the garbage
 * collector releases them with the state), with both ends open on it.
 * <p>
 * Heartbeats are written by nobody: each connection has a {@link Keepalive} that is closed before anything
 * registers, and the liveness timeout is a day, so both ends stay alive for the test. Reads and writes do not
 * block ({@link StreamConnection#blocking(boolean)}), so that an actor never waits for another.
 */
final class StressStream {
    /** Ring capacity: the smallest allowed, so that wrapping is cheap. */
    static final int CAPACITY = 4096;
    /** Liveness timeout: nothing goes stale during a test. */
    static final long NEVER_STALE_NS = 86_400_000_000_000L;

    private static final Path DIR = ShmDir.create("shimmy-jcstress-");
    private static final AtomicLong NAMES = new AtomicLong();

    /** The end that connected: it writes the ring the tests use. */
    final StreamConnection writer;
    /** The end that accepted: it reads that ring. */
    final StreamConnection reader;
    private final ConnectionFile readerFile;
    private final byte[] scratch = new byte[CAPACITY];

    StressStream() {
        final Keepalive keepalive = Detached.stoppedKeepalive();
        final String stream = "s" + NAMES.incrementAndGet();
        final ConnectionFile writerFile = ConnectionFile.create(DIR, stream, 1, CAPACITY, NEVER_STALE_NS,
            PosixFilePermissions.fromString("rw-------"), false);
        readerFile = ConnectionFile.open(DIR, writerFile.name(), false, false);
        readerFile.attach(StreamDescriptor.ACCEPTOR_END_OFFSET);
        try {
            Files.delete(DIR.resolve(writerFile.name()));
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        writer = new StreamConnection(writerFile, true, "spin", keepalive, Detached.NOBODY).blocking(false);
        reader = new StreamConnection(readerFile, false, "spin", keepalive, Detached.NOBODY).blocking(false);
    }

    /**
     * Writes and reads {@code length} bytes of the content (so that the positions stand there), reading the ring
     * the writer writes through the reader's mapping.
     *
     * @param length bytes to pass through, at most the capacity.
     * @return this.
     */
    StressStream advance(final int length) {
        fill(0, scratch, length);
        if (write(scratch, length) != length || read(scratch, length) != length || !valid(0, scratch, length)) {
            throw new IllegalStateException("could not advance the ring by " + length);
        }
        return this;
    }

    /**
     * Writes up to {@code length} bytes through the writer without waiting.
     *
     * @return bytes written.
     */
    int write(final byte[] bytes, final int length) {
        try {
            return writer.write(bytes, 0, length);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Reads up to {@code length} bytes through the reader without waiting.
     *
     * @return bytes read, 0 if none, -1 at end of stream.
     */
    int read(final byte[] bytes, final int length) {
        return read(bytes, 0, length);
    }

    /**
     * Reads up to {@code length} bytes through the reader without waiting, into {@code bytes} from {@code offset}.
     *
     * @return bytes read, 0 if none, -1 at end of stream.
     */
    int read(final byte[] bytes, final int offset, final int length) {
        try {
            return reader.read(bytes, offset, length);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Reads until end of stream, as an arbiter does once every actor is done.
     *
     * @param from the stream position of the first byte it reads, to check the content.
     * @return bytes read before end of stream, or -1 if a byte was wrong, or -2 if the end never came.
     */
    int drain(final long from) {
        int total = 0;
        for (int tries = 0; tries < 8; tries++) {
            final int n = read(scratch, scratch.length);
            if (n < 0) {
                return total;
            }
            if (!valid(from + total, scratch, n)) {
                return -1;
            }
            total += n;
        }
        return -2;
    }

    /** The byte the content has at a stream position. */
    static byte at(final long position) {
        return (byte)(position * 31 + (position >>> 8) + 7);
    }

    /** Writes the content of {@code [from, from + length)} into a buffer. */
    static void fill(final long from, final byte[] bytes, final int length) {
        for (int i = 0; i < length; i++) {
            bytes[i] = at(from + i);
        }
    }

    /** Whether a buffer holds the content of {@code [from, from + length)}. */
    static boolean valid(final long from, final byte[] bytes, final int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] != at(from + i)) {
                return false;
            }
        }
        return true;
    }

    /** The data eventcount of the ring the writer writes, which a sleeping reader waits on. */
    int dataEventcount() {
        return readerFile.buffer().getIntVolatile(StreamDescriptor.CONNECTOR_CONTROL_OFFSET +
            StreamDescriptor.DATA_EVENTCOUNT_OFFSET);
    }

    /** The space eventcount of the ring the writer writes, which a writer sleeping for room waits on. */
    int spaceEventcount() {
        return readerFile.buffer().getIntVolatile(StreamDescriptor.CONNECTOR_CONTROL_OFFSET +
            StreamDescriptor.SPACE_EVENTCOUNT_OFFSET);
    }

    /** Closes both ends. */
    void close() {
        writer.close();
        reader.close();
    }
}
