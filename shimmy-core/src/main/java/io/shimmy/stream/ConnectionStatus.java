package io.shimmy.stream;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ErrorLog;

import java.nio.file.Path;
import java.util.List;

import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_CONTROL_OFFSET;
import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_CONTROL_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_CLOSED;
import static io.shimmy.stream.StreamDescriptor.END_OF_STREAM_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_OPEN;
import static io.shimmy.stream.StreamDescriptor.FULL_EVENTS_OFFSET;
import static io.shimmy.stream.StreamDescriptor.READ_POSITION_OFFSET;
import static io.shimmy.stream.StreamDescriptor.WRITE_POSITION_OFFSET;

/**
 * A snapshot of a connection file for inspection ({@code shimmy stat}, {@code shimmy list}, {@code shimmy clean}):
 * both ends and both directions. Reading it writes nothing to the file.
 *
 * @param name of the file, {@code stream@id}.
 * @param stream name of the listener.
 * @param id of the connection.
 * @param capacity of each ring in bytes.
 * @param livenessTimeoutNs of both ends.
 * @param connector the end that connected.
 * @param acceptor the end the listener accepted.
 * @param toAcceptor the bytes the connector writes.
 * @param toConnector the bytes the acceptor writes.
 * @param errors the file's error log.
 */
public record ConnectionStatus(String name, String stream, long id, int capacity, long livenessTimeoutNs, End connector,
    End acceptor, Direction toAcceptor, Direction toConnector, List<ErrorLog.Entry> errors) {

    /** What an end's state word says. */
    public enum EndState {
        /** Nobody attached yet: a connection waiting to be accepted. */
        NONE,
        /** Attached. */
        OPEN,
        /** Closed by its owner. */
        CLOSED
    }

    /**
     * One end.
     *
     * @param state of the end.
     * @param pid it wrote, in its own pid namespace; informational.
     * @param alive whether it is open with a heartbeat younger than the liveness timeout.
     */
    public record End(EndState state, long pid, boolean alive) {
    }

    /**
     * One direction.
     *
     * @param written bytes written.
     * @param read bytes read.
     * @param endOfStream whether the writer ended its output.
     * @param fullEvents times a write found the ring full.
     */
    public record Direction(long written, long read, boolean endOfStream, long fullEvents) {
        /**
         * Bytes written and not read yet.
         *
         * @return the count.
         */
        public long buffered() {
            return written - read;
        }
    }

    /**
     * Whether a live process uses the connection.
     *
     * @return true if an end is alive.
     */
    public boolean inUse() {
        return connector.alive() || acceptor.alive();
    }

    /**
     * Reads the status of a connection file.
     *
     * @param dir channel directory.
     * @param name of the file, {@code stream@id}.
     * @return the snapshot.
     */
    public static ConnectionStatus read(final Path dir, final String name) {
        try (ConnectionFile file = ConnectionFile.open(dir, name, true, false)) {
            return of(file);
        }
    }

    static ConnectionStatus of(final ConnectionFile file) {
        final long now = System.nanoTime();
        final SharedBuffer buffer = file.buffer();
        return new ConnectionStatus(file.name(), ConnectionName.listener(file.name()), file.id(), file.capacity(),
            file.livenessTimeoutNs(), end(file, CONNECTOR_END_OFFSET, now), end(file, ACCEPTOR_END_OFFSET, now),
            direction(buffer, CONNECTOR_CONTROL_OFFSET), direction(buffer, ACCEPTOR_CONTROL_OFFSET),
            file.errorLog().entries());
    }

    private static End end(final ConnectionFile file, final int end, final long now) {
        final long state = file.state(end);
        return new End(state == END_OPEN ? EndState.OPEN : state == END_CLOSED ? EndState.CLOSED : EndState.NONE,
            file.pid(end), file.alive(end, now));
    }

    private static Direction direction(final SharedBuffer buffer, final int control) {
        return new Direction(buffer.getLongVolatile(control + WRITE_POSITION_OFFSET),
            buffer.getLongVolatile(control + READ_POSITION_OFFSET),
            buffer.getIntVolatile(control + END_OF_STREAM_OFFSET) != 0,
            buffer.getLongVolatile(control + FULL_EVENTS_OFFSET));
    }
}
