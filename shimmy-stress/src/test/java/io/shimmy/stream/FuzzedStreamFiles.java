package io.shimmy.stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.Keepalive;
import io.shimmy.stress.FuzzedFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_HEARTBEAT_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_OF_STREAM_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_STATE_OFFSET;
import static io.shimmy.stream.StreamDescriptor.READ_POSITION_OFFSET;
import static io.shimmy.stream.StreamDescriptor.WRITE_POSITION_OFFSET;

/**
 * The stream files under fuzz ({@link FuzzedFiles}): templates of a healthy connection file (made once per JVM:
 * bytes written both ways, some read, one direction ended, an error-log entry) and of a healthy listener file with
 * requests waiting; fuzzer-chosen ends (state, and a heartbeat fresh, stale or from the future, relative to the
 * time of the run) and ring positions; and the use of a connection end the way applications use it, every call
 * checked against what it may return.
 */
final class FuzzedStreamFiles {
    /** Name of the listener under fuzz. */
    static final String LISTENER = "fuzzed";
    /** Ring capacity of the templates. */
    static final int CAPACITY = 4096;
    /** Liveness timeout of the templates: far longer than one input runs. */
    static final long LIVENESS_NS = TimeUnit.SECONDS.toNanos(10);
    /** Accept slots of the listener template. */
    static final int BACKLOG = 4;
    /** A closed keepalive: no thread, heartbeats stay as the fuzzer wrote them. */
    static final Keepalive KEEPALIVE = Detached.KEEPALIVE;
    /** An owner that keeps nothing. */
    static final StreamOwner NOBODY = Detached.NOBODY;
    /** The context of listeners and connectors under fuzz. */
    static final ShimmyContext CONTEXT = new ShimmyContext().dir(FuzzedFiles.DIR).conclude();
    /** The bytes of a healthy connection file, id 1. */
    static final byte[] CONNECTION_TEMPLATE = connectionTemplate();
    /** The bytes of a healthy listener file with requests 1 and 2 waiting. */
    static final byte[] LISTENER_TEMPLATE = listenerTemplate();

    private FuzzedStreamFiles() {
    }

    /**
     * The template connection file renamed to another id (its name and id parameter must agree).
     *
     * @param id of the connection.
     * @return a fresh copy.
     */
    static byte[] connection(final long id) {
        final byte[] bytes = CONNECTION_TEMPLATE.clone();
        view(bytes).putLong(StreamDescriptor.CONNECTION_ID_OFFSET, id);
        return bytes;
    }

    /**
     * Gives an end a fuzzer-chosen state and heartbeat, the heartbeat relative to now: fresh, older than the
     * liveness timeout, from the future, or any value.
     *
     * @param bytes of the file.
     * @param end offset of the end.
     * @param data the fuzzer's input.
     */
    static void fuzzEnd(final byte[] bytes, final int end, final FuzzedDataProvider data) {
        final ByteBuffer view = view(bytes);
        final long now = System.nanoTime();
        switch (data.consumeInt(0, 4)) {
            case 0 -> view.putLong(end + END_HEARTBEAT_OFFSET, now);
            case 1 -> view.putLong(end + END_HEARTBEAT_OFFSET, now - 2 * LIVENESS_NS);
            case 2 -> view.putLong(end + END_HEARTBEAT_OFFSET, now + data.consumeLong(0, Long.MAX_VALUE / 2));
            case 3 -> view.putLong(end + END_HEARTBEAT_OFFSET, data.consumeLong());
            default -> view.putLong(end + END_HEARTBEAT_OFFSET, now - data.consumeLong(0, 2 * LIVENESS_NS));
        }
        view.putLong(end + END_STATE_OFFSET, data.consumeBoolean() ? data.consumeLong(0, 3) : data.consumeLong());
    }

    /**
     * Gives an end the state NONE with no heartbeat and no pid, as an end nobody attached to yet.
     *
     * @param bytes of the file.
     * @param end offset of the end.
     */
    static void clearEnd(final byte[] bytes, final int end) {
        final ByteBuffer view = view(bytes);
        view.putLong(end + END_STATE_OFFSET, StreamDescriptor.END_NONE);
        view.putLong(end + END_HEARTBEAT_OFFSET, 0);
        view.putLong(end + StreamDescriptor.END_PID_OFFSET, 0);
    }

    /**
     * Gives a ring fuzzer-chosen positions and end-of-stream flag: near each other (within a capacity or so,
     * either way) or anywhere.
     *
     * @param bytes of the file.
     * @param control offset of the ring's control.
     * @param data the fuzzer's input.
     */
    static void fuzzRing(final byte[] bytes, final int control, final FuzzedDataProvider data) {
        final ByteBuffer view = view(bytes);
        if (data.consumeBoolean()) {
            final long read = data.consumeBoolean() ? data.consumeLong(0, 4L * CAPACITY) : data.consumeLong();
            view.putLong(control + READ_POSITION_OFFSET, read);
            view.putLong(control + WRITE_POSITION_OFFSET, data.consumeBoolean() ?
                read + data.consumeLong(-CAPACITY - 2, CAPACITY + 2) : data.consumeLong());
        }
        if (data.consumeBoolean()) {
            view.putInt(control + END_OF_STREAM_OFFSET, data.consumeInt(0, 2));
        }
    }

    /**
     * One end of a connection file that is open and checked, as the process that created or accepted it holds it.
     *
     * @param file the connection file.
     * @param connector whether this is the connecting end (else the accepting one, which attaches first).
     * @param waitStrategy of the end.
     * @return the end.
     */
    static StreamConnection end(final ConnectionFile file, final boolean connector, final String waitStrategy) {
        if (!connector) {
            file.attach(ACCEPTOR_END_OFFSET);
        }
        return new StreamConnection(file, connector, waitStrategy, KEEPALIVE, NOBODY).blocking(false);
    }

    /**
     * Uses an end the way applications do, without waiting, in an order the fuzzer chooses: reads into arrays and
     * buffers, zero-copy polls, writes, shutdown, status, then close or abort. Each read must return bytes of the
     * ring the end reads, at the positions it reads them from (the stored file's bytes: nobody writes that ring
     * meanwhile); each call must return a documented result or throw one of the documented exceptions.
     *
     * @param end to use.
     * @param file it was opened on.
     * @param connector whether it is the connecting end.
     * @param stored the bytes the file was stored with.
     * @param data the rest of the fuzzer's input.
     */
    static void exercise(final StreamConnection end, final ConnectionFile file, final boolean connector,
        final byte[] stored, final FuzzedDataProvider data) {
        final int readRing = connector ? StreamDescriptor.acceptorRingOffset(file.capacity()) :
            StreamDescriptor.connectorRingOffset();
        final Expected expected = new Expected(stored, readRing, file.capacity(), end.bytesRead());
        final byte[] array = new byte[2 * CAPACITY + 64];
        final ByteBuffer heap = ByteBuffer.allocate(2 * CAPACITY);
        final ByteBuffer direct = ByteBuffer.allocateDirect(2 * CAPACITY);
        final int steps = data.consumeInt(0, 24);
        for (int i = 0; i < steps; i++) {
            final int step = data.consumeInt(0, 7);
            try {
                switch (step) {
                    case 0 -> {
                        final int offset = data.consumeInt(0, 64);
                        final int length = data.consumeInt(0, array.length - offset);
                        final int n = end.read(array, offset, length);
                        expected.check(n, length, array, offset);
                    }
                    case 1 -> {
                        final ByteBuffer dst = data.consumeBoolean() ? heap : direct;
                        dst.clear().limit(data.consumeInt(0, dst.capacity()));
                        final int length = dst.remaining();
                        final int n = end.read(dst);
                        if (n > 0) {
                            dst.flip().get(array, 0, n);
                        }
                        expected.check(n, length, array, 0);
                    }
                    case 2 -> {
                        final int limit = data.consumeInt(-1, 3 * CAPACITY);
                        final long before = end.bytesRead();
                        final int n = end.poll((buffer, offset, length) -> {
                            expected.checkInPlace(buffer, offset, length, file);
                            return expected.consumed(data.consumeInt(0, length));
                        }, limit);
                        if (n < -1 || n > Math.max(0, limit) || (n >= 0 && end.bytesRead() != before + n)) {
                            throw new AssertionError("poll of " + limit + " returned " + n);
                        }
                    }
                    case 3 -> {
                        final int offset = data.consumeInt(0, 64);
                        final int length = data.consumeInt(0, array.length - offset);
                        final int n = end.write(array, offset, length);
                        if (n < 0 || n > length) {
                            throw new AssertionError("write of " + length + " returned " + n);
                        }
                    }
                    case 4 -> {
                        direct.clear().limit(data.consumeInt(0, direct.capacity()));
                        final int length = direct.remaining();
                        final int n = end.write(direct);
                        if (n < 0 || n > length || direct.position() != n) {
                            throw new AssertionError("write of " + length + " returned " + n);
                        }
                    }
                    case 5 -> {
                        if (end.available() < 0 || end.inputStream().available() < 0) {
                            throw new AssertionError("available " + end.available());
                        }
                    }
                    case 6 -> end.shutdownOutput();
                    default -> ConnectionStatus.of(file);
                }
            } catch (final PeerClosedException | PeerDeadException | ClosedChannelException |
                CorruptConnectionException documented) {
                // the peer closed or died (as its end says), this end's output is shut down, or the positions
                // cannot be right
            } catch (final IOException ex) {
                throw new AssertionError("step " + step + " threw an undocumented exception", ex);
            } catch (final ShimmyException clear) {
                // a clear refusal
            }
        }
        if (data.consumeBoolean()) {
            end.close();
        } else {
            end.abort();
        }
    }

    /** What the ring an end reads holds: the stored bytes, which nobody writes while the end reads them. */
    private static final class Expected {
        private final byte[] stored;
        private final int ring;
        private final int mask;
        private long position;

        Expected(final byte[] stored, final int ring, final int capacity, final long position) {
            this.stored = stored;
            this.ring = ring;
            this.mask = capacity - 1;
            this.position = position;
        }

        void check(final int n, final int length, final byte[] got, final int offset) {
            if (n < -1 || n > length) {
                throw new AssertionError("read of " + length + " returned " + n);
            }
            for (int i = 0; i < n; i++) {
                if (got[offset + i] != stored[ring + (int)(position + i & mask)]) {
                    throw new AssertionError("read returned a byte that is not the ring's at position " +
                        (position + i));
                }
            }
            position += Math.max(0, n);
        }

        void checkInPlace(final SharedBuffer buffer, final int offset, final int length, final ConnectionFile file) {
            if (buffer != file.buffer() || length <= 0 || offset < ring ||
                (long)offset + length > ring + file.capacity() || offset != ring + (int)(position & mask)) {
                throw new AssertionError("poll handed offset " + offset + " length " + length + " for position " +
                    position + ", outside the ring at " + ring + " or not where that position is");
            }
            for (int i = 0; i < length; i++) {
                if (buffer.getByte(offset + i) != stored[offset + i]) {
                    throw new AssertionError("poll handed a byte that is not the ring's at position " +
                        (position + i));
                }
            }
        }

        int consumed(final int taken) {
            position += taken;
            return taken;
        }
    }

    private static ByteBuffer view(final byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] connectionTemplate() {
        final ConnectionFile connectorFile = ConnectionFile.create(FuzzedFiles.DIR, LISTENER, 1, CAPACITY,
            LIVENESS_NS, PosixFilePermissions.fromString("rw-------"), false);
        final ConnectionFile acceptorFile = ConnectionFile.open(FuzzedFiles.DIR, connectorFile.name(), false, false);
        acceptorFile.attach(ACCEPTOR_END_OFFSET);
        final StreamConnection connector = new StreamConnection(connectorFile, true, "spin", KEEPALIVE, NOBODY);
        final StreamConnection acceptor = new StreamConnection(acceptorFile, false, "spin", KEEPALIVE, NOBODY);
        final byte[] content = new byte[3000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte)(i * 7 + 1);
        }
        try {
            connector.write(content, 0, 3000);
            acceptor.read(content, 0, 2500);
            connector.write(content, 0, 2500);
            acceptor.write(content, 0, 700);
            connector.read(content, 0, 300);
            acceptor.shutdownOutput();
            acceptorFile.errorLog().record("an entry written by the fuzz template");
            final Path path = FuzzedFiles.DIR.resolve(connectorFile.name());
            final byte[] bytes = Files.readAllBytes(path);
            Files.delete(path);
            return bytes;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] listenerTemplate() {
        final ListenerFile file = ListenerFile.create(FuzzedFiles.DIR, LISTENER, new StreamConfig().capacity(CAPACITY)
            .livenessTimeoutNs(LIVENESS_NS).backlog(BACKLOG), 1, PosixFilePermissions.fromString("rw-------"));
        file.post(file.takeId());
        file.post(file.takeId());
        file.errorLog().record("an entry written by the fuzz template");
        try {
            final Path path = FuzzedFiles.DIR.resolve(LISTENER);
            final byte[] bytes = Files.readAllBytes(path);
            Files.delete(path);
            return bytes;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
