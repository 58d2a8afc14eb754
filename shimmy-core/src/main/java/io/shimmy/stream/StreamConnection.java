package io.shimmy.stream;

import io.shimmy.ShimmyContext;
import io.shimmy.region.Keepalive;
import io.shimmy.wait.WaitStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;

import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_CONTROL_OFFSET;
import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_CONTROL_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_CLOSED;
import static io.shimmy.stream.StreamDescriptor.END_OPEN;

/**
 * One end of a stream connection: bytes in order, nothing lost or duplicated, in both directions at once, through
 * two single-producer single-consumer rings in a shared connection file. Opened by {@code Shimmy.connect} or
 * returned by {@link StreamListener#accept()}.
 * <pre>{@code
 * try (StreamConnection connection = shimmy.connect("rpc")) {
 *     connection.outputStream().write(request);
 *     connection.shutdownOutput();                       // the listener reads request, then end of stream
 *     final byte[] reply = connection.inputStream().readAllBytes();
 * }
 * }</pre>
 * <ul>
 * <li>Reads: {@link #read(ByteBuffer)} and {@link #read(byte[], int, int)} wait for at least one byte in blocking
 * mode (the default; {@link #blocking(boolean)}) and return what is there, possibly 0, otherwise; -1 is the end of
 * the peer's output. {@link #poll(StreamHandler, int)} hands the bytes available to a handler in place in the ring,
 * without a copy, and never waits. {@link #inputStream()} always blocks.</li>
 * <li>Writes: {@link #write(ByteBuffer)} and {@link #write(byte[], int, int)} copy the bytes once, into the ring;
 * in blocking mode they return when every byte is in the ring, otherwise they return how many fitted, possibly 0.
 * {@link #outputStream()} always blocks; it needs no flush.</li>
 * <li>Waiting uses the connection's wait strategy ({@link StreamConfig#waitStrategy(String)}): with {@code block}
 * a waiting reader (or writer waiting for space) sleeps on a futex word and the peer wakes it, at no cost to the
 * peer while nobody sleeps.</li>
 * <li>{@link #shutdownOutput()} ends this side's output: the peer reads everything, then end of stream, and can
 * still write back. {@link #close()} ends the output too, then leaves; the last end to close removes the file.
 * {@link #abort()} leaves without ending the output: the peer's reads fail instead of ending.</li>
 * <li>If the peer closes, writes throw {@link PeerClosedException}. If it dies (its heartbeat stops for the liveness
 * timeout, default 5 s, even after SIGKILL), the bytes it wrote are still read, then reads and writes throw
 * {@link PeerDeadException}: a blocked call throws within the timeout, never hangs.</li>
 * <li>If a ring's positions cannot be right (a process that must not write the file damaged it), reads and writes
 * throw {@link CorruptConnectionException} instead of touching the ring, and the file's error log says why.</li>
 * </ul>
 * <b>Note:</b> one thread may read while another writes; reads from several threads at once, or writes from several
 * threads at once, are not allowed. {@link #close()} and {@link #shutdownOutput()} may be called from any thread: a
 * read or write blocked at that moment throws {@link AsynchronousCloseException}.
 */
public final class StreamConnection implements ByteChannel {
    private final ConnectionFile file;
    private final String stream;
    private final int ownEnd;
    private final int peerEnd;
    private final String peerRole;
    private final ConnectionInput input;
    private final ConnectionOutput output;
    private final String waitStrategy;
    private final StreamOwner owner;
    private final Keepalive.Registration heartbeat;
    private final InputStream inputStream = new Input();
    private final OutputStream outputStream = new Output();
    private final Object closeLock = new Object();
    private volatile boolean peerDead;
    private volatile boolean outputShutdown;
    private volatile boolean closed;
    private volatile boolean blocking = true;

    StreamConnection(final ConnectionFile file, final boolean connector, final String waitStrategy,
        final Keepalive keepalive, final StreamOwner owner) {
        this.file = file;
        this.stream = ConnectionName.listener(file.name());
        this.ownEnd = connector ? CONNECTOR_END_OFFSET : ACCEPTOR_END_OFFSET;
        this.peerEnd = connector ? ACCEPTOR_END_OFFSET : CONNECTOR_END_OFFSET;
        this.peerRole = connector ? "listener's end" : "connecting end";
        this.waitStrategy = waitStrategy;
        this.owner = owner;
        final int capacity = file.capacity();
        final int connectorRing = StreamDescriptor.connectorRingOffset();
        final int acceptorRing = StreamDescriptor.acceptorRingOffset(capacity);
        this.input = new ConnectionInput(this, file.buffer(), connector ? ACCEPTOR_CONTROL_OFFSET :
            CONNECTOR_CONTROL_OFFSET, connector ? acceptorRing : connectorRing, capacity, waitStrategy);
        this.output = new ConnectionOutput(this, file.buffer(), connector ? CONNECTOR_CONTROL_OFFSET :
            ACCEPTOR_CONTROL_OFFSET, connector ? connectorRing : acceptorRing, capacity, waitStrategy);
        this.heartbeat = keepalive.register(this::beat, file.livenessTimeoutNs());
        try {
            owner.opened(this);
        } catch (final RuntimeException ex) {
            close();
            throw ex;
        }
    }

    /**
     * Connects to a listener, waiting for one to appear and accept (bounded by the connect timeout); applications
     * use {@code Shimmy.connect}.
     *
     * @param context the concluded context: directory, file mode, pre-touch, default wait strategy.
     * @param keepalive that writes this end's heartbeat.
     * @param owner to report to.
     * @param name of the stream (the listener's name).
     * @param config capacity and liveness timeout (the listener's unless set), connect timeout, wait strategy.
     * @return the connection.
     * @throws ConnectTimeoutException if no live listener accepted within the connect timeout.
     */
    public static StreamConnection connect(final ShimmyContext context, final Keepalive keepalive,
        final StreamOwner owner, final String name, final StreamConfig config) {
        return Connector.connect(context, keepalive, owner, name, config);
    }

    private void beat(final long nowNs) {
        file.beat(ownEnd, nowNs);
        if (!peerDead && file.state(peerEnd) == END_OPEN && file.stale(peerEnd, nowNs)) {
            peerDead = true;
        }
    }

    /**
     * Reads bytes into a buffer: in blocking mode waits for at least one, otherwise returns what is there.
     *
     * @param dst to fill from its position.
     * @return bytes read (0 only when not blocking, or when {@code dst} has no room), or -1 at end of stream.
     * @throws PeerDeadException if the peer died and everything it wrote has been read.
     * @throws PeerClosedException if the peer closed without ending its output.
     * @throws ClosedChannelException if this connection is closed.
     * @throws CorruptConnectionException if the ring's positions cannot be right.
     */
    @Override
    public int read(final ByteBuffer dst) throws IOException {
        return input.read(dst, blocking);
    }

    /**
     * Reads bytes into an array: in blocking mode waits for at least one, otherwise returns what is there.
     *
     * @param dst array to copy into.
     * @param offset at which the copy begins in {@code dst}.
     * @param length most bytes to read.
     * @return bytes read (0 only when not blocking, or when {@code length} is 0), or -1 at end of stream.
     * @throws IOException as {@link #read(ByteBuffer)}.
     */
    public int read(final byte[] dst, final int offset, final int length) throws IOException {
        return input.read(dst, offset, length, blocking);
    }

    /**
     * Hands the bytes available to a handler in place, without copying them, and consumes what the handler says it
     * consumed. Never waits. The bytes reach the handler in at most two pieces (the second when they wrap around the
     * end of the ring); if it consumes less than a whole piece, the poll stops there.
     * <pre>{@code
     * final WaitStrategy wait = connection.newWaitStrategy();
     * int got;
     * while ((got = connection.poll((buffer, offset, length) -> parse(buffer, offset, length), 64 * 1024)) >= 0) {
     *     wait.idle(got);
     * }
     * }</pre>
     *
     * @param handler to receive the bytes.
     * @param limit most bytes to hand over.
     * @return bytes consumed, possibly 0, or -1 at end of stream.
     * @throws IOException as {@link #read(ByteBuffer)}.
     */
    public int poll(final StreamHandler handler, final int limit) throws IOException {
        return input.poll(handler, limit);
    }

    /**
     * Writes bytes from a buffer: in blocking mode all of them, waiting for room; otherwise what fits.
     *
     * @param src bytes from its position to its limit.
     * @return bytes written: all of them when blocking, possibly 0 when not.
     * @throws PeerClosedException if the peer closed.
     * @throws PeerDeadException if the peer died.
     * @throws ClosedChannelException if this connection is closed or its output shut down.
     * @throws CorruptConnectionException if the ring's positions cannot be right.
     */
    @Override
    public int write(final ByteBuffer src) throws IOException {
        return output.write(src, blocking);
    }

    /**
     * Writes bytes from an array: in blocking mode all of them, waiting for room; otherwise what fits.
     *
     * @param src array holding the bytes.
     * @param offset of the first byte in {@code src}.
     * @param length number of bytes.
     * @return bytes written: all of them when blocking, possibly 0 when not.
     * @throws IOException as {@link #write(ByteBuffer)}.
     */
    public int write(final byte[] src, final int offset, final int length) throws IOException {
        return output.write(src, offset, length, blocking);
    }

    /**
     * Ends this side's output: the peer reads what was written, then end of stream, and may still write back.
     * Idempotent.
     *
     * @throws ClosedChannelException if the connection is closed.
     */
    public void shutdownOutput() throws IOException {
        ensureOpen();
        if (!outputShutdown) {
            outputShutdown = true;
            output.shutdown();
            output.wake();
        }
    }

    /**
     * Sets whether {@link #read(ByteBuffer)}, {@link #write(ByteBuffer)} and their array variants wait (the
     * default) or return at once. The stream views always wait.
     *
     * @param blocking true to wait.
     * @return this.
     */
    public StreamConnection blocking(final boolean blocking) {
        this.blocking = blocking;
        return this;
    }

    /**
     * Whether reads and writes wait.
     *
     * @return true if blocking.
     */
    public boolean blocking() {
        return blocking;
    }

    /**
     * A blocking input stream over this connection. Closing it closes the connection.
     *
     * @return the stream, the same one each time.
     */
    public InputStream inputStream() {
        return inputStream;
    }

    /**
     * A blocking output stream over this connection; every write is visible to the peer when it returns, so flush
     * does nothing. Closing it closes the connection (use {@link #shutdownOutput()} to end only the output).
     *
     * @return the stream, the same one each time.
     */
    public OutputStream outputStream() {
        return outputStream;
    }

    /**
     * A new wait strategy of the kind this connection was opened with, bound to its input, for loops around
     * {@link #poll(StreamHandler, int)}. Use one per reading thread.
     *
     * @return the strategy.
     */
    public WaitStrategy newWaitStrategy() {
        return input.newWaitStrategy(waitStrategy);
    }

    /**
     * Bytes that can be read now without waiting.
     *
     * @return the count, 0 once closed.
     */
    public int available() {
        return closed ? 0 : input.available();
    }

    /**
     * Bytes read so far.
     *
     * @return the count.
     */
    public long bytesRead() {
        return input.position();
    }

    /**
     * Bytes written so far.
     *
     * @return the count.
     */
    public long bytesWritten() {
        return output.position();
    }

    /**
     * Name of the stream: the listener's name.
     *
     * @return the name.
     */
    public String stream() {
        return stream;
    }

    /**
     * Name of the connection file: the stream's name, {@code @}, the id.
     *
     * @return the name.
     */
    public String name() {
        return file.name();
    }

    /**
     * Number of the connection, unique among the connections its listener accepted.
     *
     * @return the id.
     */
    public long id() {
        return file.id();
    }

    /**
     * Capacity of each ring.
     *
     * @return bytes.
     */
    public int capacity() {
        return file.capacity();
    }

    /**
     * How long an end may miss heartbeats before the other treats it as dead.
     *
     * @return nanoseconds.
     */
    public long livenessTimeoutNs() {
        return file.livenessTimeoutNs();
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Ends the output if it was not ended, leaves the connection and stops the heartbeat; the peer reads what was
     * written, then end of stream, and its writes fail. The last end to close removes the connection file.
     * Idempotent.
     */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Leaves the connection without ending the output, for an end that gives up in the middle of what it was
     * sending: the peer reads what was written, then its reads throw {@link PeerClosedException} instead of
     * returning end of stream. After {@link #shutdownOutput()} this is the same as {@link #close()}. Idempotent.
     */
    public void abort() {
        close(false);
    }

    private void close(final boolean endOutput) {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (endOutput && !outputShutdown) {
            outputShutdown = true;
            output.shutdown();
        }
        file.markClosed(ownEnd);
        heartbeat.close();
        input.wake();
        output.wake();
        if (file.state(peerEnd) != END_OPEN || file.stale(peerEnd, System.nanoTime())) {
            file.delete();
        }
        owner.closed(this);
    }

    @Override
    public String toString() {
        return "StreamConnection[" + file.name() + "]";
    }

    ConnectionInput input() {
        return input;
    }

    ConnectionOutput output() {
        return output;
    }

    long peerState() {
        return file.state(peerEnd);
    }

    void ensureOpen() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    void checkWritable() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (outputShutdown) {
            throw new ClosedChannelException();
        }
        if (file.state(peerEnd) == END_CLOSED) {
            throw peerClosedForWriting();
        }
        if (peerDead) {
            throw peerDeadException();
        }
    }

    void checkStillWritable() throws IOException {
        if (closed || outputShutdown) {
            throw new AsynchronousCloseException();
        }
    }

    void checkWaitingWriter(final boolean checkClock) throws IOException {
        checkStillWritable();
        if (file.state(peerEnd) == END_CLOSED) {
            throw peerClosedForWriting();
        }
        checkAlive(checkClock);
    }

    void checkReadable(final long peerState, final boolean checkClock) throws IOException {
        if (closed) {
            throw new AsynchronousCloseException();
        }
        if (peerState == END_CLOSED) {
            throw new PeerClosedException(describe() + ": the " + peerRole + " (pid " + file.pid(peerEnd) +
                ") closed the connection without ending its output; what it sent may be incomplete");
        }
        checkAlive(checkClock);
    }

    void checkInterrupted() throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(describe() + ": the thread was interrupted while waiting; the " +
                "connection stays open");
        }
    }

    private void checkAlive(final boolean checkClock) throws IOException {
        if (peerDead || (checkClock && file.stale(peerEnd, System.nanoTime()))) {
            peerDead = true;
            throw peerDeadException();
        }
    }

    /**
     * Whether a reader or writer may go to sleep: the connection is open and the peer open and alive.
     *
     * @return true if nothing but the peer's next write or read can end the wait.
     */
    boolean mayWaitForPeer() {
        if (closed || peerDead || file.state(peerEnd) != END_OPEN) {
            return false;
        }
        if (file.stale(peerEnd, System.nanoTime())) {
            peerDead = true;
            return false;
        }
        return true;
    }

    /**
     * Records in the file's error log that the shared state of a ring cannot be right (counted when it recurs).
     *
     * @param problem what is wrong.
     * @return the exception to throw.
     */
    CorruptConnectionException corrupt(final String problem) {
        final String message = describe() + ": " + problem + "; only a process that must not write the file does " +
            "that: close the connection";
        file.errorLog().record(message);
        return new CorruptConnectionException(message);
    }

    private PeerClosedException peerClosedForWriting() {
        return new PeerClosedException(describe() + ": the " + peerRole + " (pid " + file.pid(peerEnd) +
            ") closed the connection; " + output.unread() + " bytes written were not read by it");
    }

    private PeerDeadException peerDeadException() {
        return new PeerDeadException(describe() + ": the " + peerRole + " (pid " + file.pid(peerEnd) +
            ") stopped heartbeating for longer than the liveness timeout of " +
            file.livenessTimeoutNs() / 1_000_000 + " ms: its process died or is frozen; close this connection");
    }

    private String describe() {
        return "stream '" + stream + "' connection " + file.id() + " (" + file.path() + ")";
    }

    /** The blocking input stream view. */
    private final class Input extends InputStream {
        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            return input.read(one, 0, 1, true) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(final byte[] dst, final int offset, final int length) throws IOException {
            return input.read(dst, offset, length, true);
        }

        @Override
        public int available() {
            return StreamConnection.this.available();
        }

        @Override
        public void close() {
            StreamConnection.this.close();
        }
    }

    /** The blocking output stream view. */
    private final class Output extends OutputStream {
        private final byte[] one = new byte[1];

        @Override
        public void write(final int b) throws IOException {
            one[0] = (byte)b;
            output.write(one, 0, 1, true);
        }

        @Override
        public void write(final byte[] src, final int offset, final int length) throws IOException {
            output.write(src, offset, length, true);
        }

        @Override
        public void close() {
            StreamConnection.this.close();
        }
    }
}
