package io.shimmy.stream;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.CorruptChannelException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelFile;
import io.shimmy.region.ChannelKind;
import io.shimmy.region.ErrorLog;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static io.shimmy.stream.StreamDescriptor.*;

/**
 * A mapped connection file with its checked parameters, and the operations on its ends that both ends, the
 * listener and the housekeeping need.
 */
final class ConnectionFile implements AutoCloseable {
    private final ChannelFile file;
    private final SharedBuffer buffer;
    private final int capacity;
    private final long livenessTimeoutNs;
    private final long id;

    private ConnectionFile(final ChannelFile file) {
        this.file = file;
        this.buffer = file.buffer();
        final long declaredCapacity = buffer.getLong(CAPACITY_OFFSET);
        this.livenessTimeoutNs = buffer.getLong(LIVENESS_TIMEOUT_OFFSET);
        this.id = buffer.getLong(CONNECTION_ID_OFFSET);
        final String fix = "; remove it if nothing uses it (shimmy clean, or rm " + file.path() + ")";
        if (declaredCapacity < MIN_CAPACITY || declaredCapacity > MAX_CAPACITY ||
            Long.bitCount(declaredCapacity) != 1 || livenessTimeoutNs <= 0 || id < 1) {
            throw new CorruptChannelException("stream connection '" + file.name() + "' has impossible parameters " +
                "(capacity " + declaredCapacity + ", liveness timeout " + livenessTimeoutNs + " ns, id " + id + ")" +
                fix);
        }
        this.capacity = (int)declaredCapacity;
        if (!ConnectionName.isValid(file.name()) || ConnectionName.id(file.name()) != id ||
            buffer.getLong(CONNECTOR_RING_OFFSET_OFFSET) != connectorRingOffset() ||
            buffer.getLong(ACCEPTOR_RING_OFFSET_OFFSET) != acceptorRingOffset(capacity) ||
            buffer.capacity() != fileLength(capacity)) {
            throw new CorruptChannelException("stream connection '" + file.name() + "' has a layout that " +
                "contradicts its parameters" + fix);
        }
    }

    /**
     * Creates a connection file with the connector's end open, if no file has its name yet.
     *
     * @param dir channel directory.
     * @param listener name of the listener.
     * @param id of the connection.
     * @param capacity of each ring.
     * @param livenessTimeoutNs of both ends.
     * @param permissions of the file.
     * @param preTouch whether to fault in every page now.
     * @return the file, or null if one of that name exists.
     */
    static ConnectionFile create(final Path dir, final String listener, final long id, final int capacity,
        final long livenessTimeoutNs, final Set<PosixFilePermission> permissions, final boolean preTouch) {
        final ChannelFile file = ChannelFile.create(dir, ConnectionName.of(listener, id),
            ChannelKind.STREAM_CONNECTION, 0, fileLength(capacity), permissions, buffer -> {
                buffer.putLong(CAPACITY_OFFSET, capacity);
                buffer.putLong(LIVENESS_TIMEOUT_OFFSET, livenessTimeoutNs);
                buffer.putLong(CONNECTION_ID_OFFSET, id);
                buffer.putLong(CONNECTOR_RING_OFFSET_OFFSET, connectorRingOffset());
                buffer.putLong(ACCEPTOR_RING_OFFSET_OFFSET, acceptorRingOffset(capacity));
                attach(buffer, CONNECTOR_END_OFFSET);
            });
        if (file == null) {
            return null;
        }
        final ConnectionFile connection;
        try {
            connection = new ConnectionFile(file);
        } catch (final RuntimeException ex) {
            // refused by its own checks (parameters no connector should have passed): leave no file behind
            file.delete();
            throw ex;
        }
        if (preTouch) {
            connection.preTouch();
        }
        return connection;
    }

    /**
     * Opens and checks a connection file.
     *
     * @param dir channel directory.
     * @param name of the file ({@code listener@id}).
     * @param readOnly whether to map it for reading only (inspection).
     * @param preTouch whether to fault in every page now.
     * @return the open file.
     * @throws ChannelNotFoundException if there is no such file.
     * @throws CorruptChannelException if it is not a valid connection file.
     */
    static ConnectionFile open(final Path dir, final String name, final boolean readOnly, final boolean preTouch) {
        final ConnectionFile connection =
            new ConnectionFile(ChannelFile.open(dir, name, ChannelKind.STREAM_CONNECTION, readOnly));
        if (preTouch) {
            connection.preTouch();
        }
        return connection;
    }

    private void preTouch() {
        file.preTouch(CONNECTOR_END_OFFSET, RINGS_OFFSET - CONNECTOR_END_OFFSET);
        file.preTouch(RINGS_OFFSET, 2 * capacity);
    }

    private static void attach(final SharedBuffer buffer, final int end) {
        buffer.putLongVolatile(end + END_HEARTBEAT_OFFSET, System.nanoTime());
        buffer.putLong(end + END_PID_OFFSET, ProcessHandle.current().pid());
        buffer.putLongVolatile(end + END_STATE_OFFSET, END_OPEN);
    }

    /**
     * Opens an end: heartbeat, pid, then the state, so that an end is never seen open with a stale heartbeat.
     *
     * @param end offset of the end.
     */
    void attach(final int end) {
        attach(buffer, end);
    }

    /**
     * Opens the acceptor's end for the listener that took the connection's request: heartbeat and pid, then the
     * state with a CAS from NONE to OPEN. The acceptor's state word is where the handshake is decided: a connector
     * that gives up abandons the connection with a CAS of the same word from NONE to CLOSED ({@link #abandon()}),
     * so exactly one of the two CASes succeeds and each side learns from its own CAS which one came first. If this
     * one fails, the heartbeat and pid it wrote stay in an end that is CLOSED, which nobody reads as alive.
     *
     * @return true if the acceptor's end is open now; false if the connector abandoned the connection first.
     */
    boolean claimAcceptor() {
        buffer.putLongVolatile(ACCEPTOR_END_OFFSET + END_HEARTBEAT_OFFSET, System.nanoTime());
        buffer.putLong(ACCEPTOR_END_OFFSET + END_PID_OFFSET, ProcessHandle.current().pid());
        return buffer.compareAndSetLong(ACCEPTOR_END_OFFSET + END_STATE_OFFSET, END_NONE, END_OPEN);
    }

    /**
     * Abandons a connection the listener has not accepted, for a connector that gives up: a CAS of the acceptor's
     * state from NONE to CLOSED (see {@link #claimAcceptor()}).
     *
     * @return true if abandoned: no listener can accept it any more; false if the listener opened its end first,
     *     so that the connection stands.
     */
    boolean abandon() {
        return buffer.compareAndSetLong(ACCEPTOR_END_OFFSET + END_STATE_OFFSET, END_NONE, END_CLOSED);
    }

    /**
     * Writes an end's heartbeat.
     *
     * @param end offset of the end.
     * @param nowNs the time.
     */
    void beat(final int end, final long nowNs) {
        buffer.putLongRelease(end + END_HEARTBEAT_OFFSET, nowNs);
    }

    /**
     * Marks an end closed (a full fence: whoever closes second sees the first).
     *
     * @param end offset of the end.
     */
    void markClosed(final int end) {
        buffer.putLongVolatile(end + END_STATE_OFFSET, END_CLOSED);
    }

    /**
     * The state of an end.
     *
     * @param end offset of the end.
     * @return {@link StreamDescriptor#END_NONE}, {@code END_OPEN} or {@code END_CLOSED}.
     */
    long state(final int end) {
        return buffer.getLongVolatile(end + END_STATE_OFFSET);
    }

    /**
     * Whether an end is open and its heartbeat younger than the liveness timeout.
     *
     * @param end offset of the end.
     * @param nowNs the time.
     * @return true if alive.
     */
    boolean alive(final int end, final long nowNs) {
        return state(end) == END_OPEN && !stale(end, nowNs);
    }

    /**
     * Whether an end's heartbeat is older than the liveness timeout.
     *
     * @param end offset of the end.
     * @param nowNs the time.
     * @return true if stale.
     */
    boolean stale(final int end, final long nowNs) {
        return nowNs - buffer.getLongVolatile(end + END_HEARTBEAT_OFFSET) > livenessTimeoutNs;
    }

    /**
     * The pid an end wrote.
     *
     * @param end offset of the end.
     * @return the pid, informational.
     */
    long pid(final int end) {
        return buffer.getLong(end + END_PID_OFFSET);
    }

    /**
     * Whether a live process uses the file: an end that is alive, or a connector that has not been accepted yet
     * and is alive.
     *
     * @param nowNs the time.
     * @return true if in use.
     */
    boolean inUse(final long nowNs) {
        return alive(CONNECTOR_END_OFFSET, nowNs) || alive(ACCEPTOR_END_OFFSET, nowNs);
    }

    /**
     * Removes the file if its name still refers to it.
     *
     * @return true if removed by this call.
     */
    boolean delete() {
        return file.delete();
    }

    SharedBuffer buffer() {
        return buffer;
    }

    ErrorLog errorLog() {
        return file.errorLog();
    }

    /**
     * The file name, {@code listener@id}.
     *
     * @return the name.
     */
    String name() {
        return file.name();
    }

    Path path() {
        return file.path();
    }

    int capacity() {
        return capacity;
    }

    long livenessTimeoutNs() {
        return livenessTimeoutNs;
    }

    long id() {
        return id;
    }

    @Override
    public void close() {
        file.close();
    }
}
