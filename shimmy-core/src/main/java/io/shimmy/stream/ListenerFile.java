package io.shimmy.stream;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.CorruptChannelException;
import io.shimmy.IncompatibleChannelException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelFile;
import io.shimmy.region.ChannelKind;
import io.shimmy.region.ErrorLog;
import io.shimmy.wait.Signal;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static io.shimmy.stream.ListenerDescriptor.*;
import static io.shimmy.stream.StreamDescriptor.END_CLOSED;
import static io.shimmy.stream.StreamDescriptor.END_HEARTBEAT_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_OPEN;
import static io.shimmy.stream.StreamDescriptor.END_PID_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_STATE_OFFSET;
import static io.shimmy.stream.StreamDescriptor.MAX_CAPACITY;
import static io.shimmy.stream.StreamDescriptor.MIN_CAPACITY;

/**
 * A mapped listener file with its checked parameters, and the accept queue operations of connectors and listener.
 */
final class ListenerFile implements AutoCloseable {
    private static final int END = LISTENER_END_OFFSET;

    private final ChannelFile file;
    private final SharedBuffer buffer;
    private final int capacity;
    private final long livenessTimeoutNs;
    private final int backlog;

    private ListenerFile(final ChannelFile file) {
        this.file = file;
        this.buffer = file.buffer();
        final long declaredCapacity = buffer.getLong(CAPACITY_OFFSET);
        this.livenessTimeoutNs = buffer.getLong(LIVENESS_TIMEOUT_OFFSET);
        this.backlog = buffer.getInt(BACKLOG_OFFSET);
        final String fix = "; remove it if nothing uses it (shimmy clean, or rm " + file.path() + ")";
        if (declaredCapacity < MIN_CAPACITY || declaredCapacity > MAX_CAPACITY ||
            Long.bitCount(declaredCapacity) != 1 || livenessTimeoutNs <= 0 || backlog < 1 || backlog > MAX_BACKLOG) {
            throw new CorruptChannelException("stream listener '" + file.name() + "' has impossible parameters " +
                "(capacity " + declaredCapacity + ", liveness timeout " + livenessTimeoutNs + " ns, backlog " +
                backlog + ")" + fix);
        }
        this.capacity = (int)declaredCapacity;
        if (buffer.getLong(SLOTS_OFFSET_OFFSET) != SLOTS_OFFSET || buffer.capacity() != fileLength(backlog)) {
            throw new CorruptChannelException("stream listener '" + file.name() + "' has a layout that " +
                "contradicts its parameters" + fix);
        }
    }

    /**
     * Creates a listener file with its end open, if no file has its name yet.
     *
     * @param dir channel directory.
     * @param name of the stream.
     * @param config capacity, liveness timeout and backlog.
     * @param firstId the id the first connection gets.
     * @param permissions of the file.
     * @return the file, or null if one of that name exists.
     */
    static ListenerFile create(final Path dir, final String name, final StreamConfig config, final long firstId,
        final Set<PosixFilePermission> permissions) {
        final ChannelFile file = ChannelFile.create(dir, name, ChannelKind.STREAM_LISTENER, 0,
            fileLength(config.backlog()), permissions, buffer -> {
                buffer.putLong(CAPACITY_OFFSET, config.capacity());
                buffer.putLong(LIVENESS_TIMEOUT_OFFSET, config.livenessTimeoutNs());
                buffer.putInt(BACKLOG_OFFSET, config.backlog());
                buffer.putLong(SLOTS_OFFSET_OFFSET, SLOTS_OFFSET);
                buffer.putLong(NEXT_ID_OFFSET, firstId);
                buffer.putLong(END + END_HEARTBEAT_OFFSET, System.nanoTime());
                buffer.putLong(END + END_PID_OFFSET, ProcessHandle.current().pid());
                buffer.putLong(END + END_STATE_OFFSET, END_OPEN);
            });
        return file == null ? null : new ListenerFile(file);
    }

    /**
     * Opens and checks a listener file.
     *
     * @param dir channel directory.
     * @param name of the stream.
     * @param readOnly whether to map it for reading only (inspection).
     * @return the open file.
     * @throws ChannelNotFoundException if there is no such file.
     * @throws CorruptChannelException if it is not a valid listener file.
     * @throws IncompatibleChannelException if it is a channel of another kind.
     */
    static ListenerFile open(final Path dir, final String name, final boolean readOnly) {
        return new ListenerFile(ChannelFile.open(dir, name, ChannelKind.STREAM_LISTENER, readOnly));
    }

    /**
     * Whether the listener is open and heartbeating.
     *
     * @param nowNs the time.
     * @return true if alive.
     */
    boolean alive(final long nowNs) {
        return state() == END_OPEN &&
            nowNs - buffer.getLongVolatile(END + END_HEARTBEAT_OFFSET) <= livenessTimeoutNs;
    }

    long state() {
        return buffer.getLongVolatile(END + END_STATE_OFFSET);
    }

    long pid() {
        return buffer.getLong(END + END_PID_OFFSET);
    }

    void beat(final long nowNs) {
        buffer.putLongRelease(END + END_HEARTBEAT_OFFSET, nowNs);
    }

    void markClosed() {
        buffer.putLongVolatile(END + END_STATE_OFFSET, END_CLOSED);
    }

    /**
     * Takes a fresh connection id.
     *
     * @return the id, unique for this file.
     * @throws CorruptChannelException if the counter hands out an id below 1, which no listener writes.
     */
    long takeId() {
        final long id = buffer.getAndAddLong(NEXT_ID_OFFSET, 1);
        if (id < 1) {
            throw new CorruptChannelException("stream listener '" + name() + "' in " + path().getParent() +
                " handed out connection id " + id + ": its counter of connection ids is damaged (listeners start " +
                "it at 1); restart the listener (run shimmy clean first if it is not running)");
        }
        return id;
    }

    long nextId() {
        return buffer.getLongVolatile(NEXT_ID_OFFSET);
    }

    /**
     * Posts a connection request in a free accept slot.
     *
     * @param id of the connection file.
     * @return true if posted, false if every slot is taken.
     */
    boolean post(final long id) {
        for (int i = 0; i < backlog; i++) {
            if (buffer.compareAndSetLong(slotOffset(i) + SLOT_REQUEST_OFFSET, 0, id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Withdraws a posted request, unless the listener took it already.
     *
     * @param id of the connection file.
     * @return true if withdrawn, false if it is no longer in the queue.
     */
    boolean withdraw(final long id) {
        for (int i = 0; i < backlog; i++) {
            if (buffer.compareAndSetLong(slotOffset(i) + SLOT_REQUEST_OFFSET, id, 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes the oldest request from the queue.
     *
     * @return its connection id, or 0 if the queue is empty.
     */
    long takeRequest() {
        while (true) {
            long oldest = 0;
            int at = -1;
            for (int i = 0; i < backlog; i++) {
                final long id = buffer.getLongVolatile(slotOffset(i) + SLOT_REQUEST_OFFSET);
                if (id != 0 && (oldest == 0 || id < oldest)) {
                    oldest = id;
                    at = i;
                }
            }
            if (at < 0) {
                return 0;
            }
            if (buffer.compareAndSetLong(slotOffset(at) + SLOT_REQUEST_OFFSET, oldest, 0)) {
                return oldest;
            }
        }
    }

    /**
     * Counts the requests waiting in the queue.
     *
     * @return the count.
     */
    int pending() {
        int count = 0;
        for (int i = 0; i < backlog; i++) {
            if (buffer.getLongVolatile(slotOffset(i) + SLOT_REQUEST_OFFSET) != 0) {
                count++;
            }
        }
        return count;
    }

    /**
     * A new handle on the listener's eventcount: connectors signal it, the listener sleeps on it.
     *
     * @return the signal.
     */
    Signal newSignal() {
        return new Signal(buffer, EVENTCOUNT_OFFSET, WAITERS_OFFSET);
    }

    boolean delete() {
        return file.delete();
    }

    ErrorLog errorLog() {
        return file.errorLog();
    }

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

    int backlog() {
        return backlog;
    }

    @Override
    public void close() {
        file.close();
    }
}
