package io.shimmy.stream;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.region.ChannelName;
import io.shimmy.region.Keepalive;
import io.shimmy.wait.Signal;
import io.shimmy.wait.WaitStrategy;
import io.shimmy.wait.Waitable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static io.shimmy.stream.ListenerDescriptor.WAITING_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_END_OFFSET;

/**
 * The listening end of a stream: the file {@code NAME} in the channel directory, with an accept queue in which
 * connecting processes post their connection requests. Opened by {@code Shimmy.listen}.
 * <pre>{@code
 * try (StreamListener listener = shimmy.listen("rpc")) {
 *     while (running) {
 *         final StreamConnection connection = listener.accept();
 *         serve(connection);                             // each connection is independent
 *     }
 * }
 * }</pre>
 * {@link #accept()} waits with the listener's wait strategy ({@code block} sleeps on a futex word that connectors
 * signal); {@link #accept(long)} waits at most a timeout and {@link #tryAccept()} not at all.
 * <p>
 * A name has one live listener at a time. Listening on a name whose listener died or closed replaces its file, and
 * removes the connection files of that name that no live process uses. Closing the listener removes its file;
 * connections it accepted stay open until they are closed.
 * <p>
 * <b>Note:</b> thread-safe; threads that call {@code accept} at once are served one at a time.
 */
public final class StreamListener implements Waitable, AutoCloseable {
    private static final int MAX_REPLACE_TRIES = 100;

    private final ListenerFile file;
    private final ShimmyContext context;
    private final Keepalive keepalive;
    private final StreamOwner owner;
    private final String waitStrategy;
    private final Signal signal;
    private final WaitStrategy wait;
    private final Keepalive.Registration heartbeat;
    private final Object closeLock = new Object();
    private volatile boolean closed;
    private long acceptStartNs;
    private long acceptTimeoutNs;

    private StreamListener(final ListenerFile file, final ShimmyContext context, final Keepalive keepalive,
        final StreamOwner owner, final String waitStrategy) {
        this.file = file;
        this.context = context;
        this.keepalive = keepalive;
        this.owner = owner;
        this.waitStrategy = waitStrategy;
        this.signal = file.newSignal();
        this.wait = WaitStrategy.named(waitStrategy, this);
        this.heartbeat = keepalive.register(file::beat, file.livenessTimeoutNs());
        try {
            owner.opened(this);
        } catch (final RuntimeException ex) {
            close();
            throw ex;
        }
    }

    /**
     * Listens on a stream name; applications use {@code Shimmy.listen}.
     *
     * @param context the concluded context: directory, file mode, pre-touch, default wait strategy.
     * @param keepalive that writes the listener's and its connections' heartbeats.
     * @param owner to report to.
     * @param name of the stream.
     * @param config ring capacity and liveness timeout of the connections, backlog, wait strategy.
     * @return the listener.
     * @throws ShimmyException if the name has a live listener already, or holds another kind of channel or a
     *     damaged file.
     */
    public static StreamListener listen(final ShimmyContext context, final Keepalive keepalive,
        final StreamOwner owner, final String name, final StreamConfig config) {
        ChannelName.validate(name);
        config.validate(name);
        final Path dir = context.dir();
        final String waitName = config.waitStrategy() != null ? config.waitStrategy() : context.waitStrategy();
        for (int tries = 0; tries < MAX_REPLACE_TRIES; tries++) {
            if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                final ListenerFile old;
                try {
                    old = ListenerFile.open(dir, name, false);
                } catch (final ChannelNotFoundException ex) {
                    continue;
                }
                if (old.alive(System.nanoTime())) {
                    throw new ShimmyException("stream '" + name + "' in " + dir + " already has a live listener " +
                        "(pid " + old.pid() + "): close it, or listen on another name");
                }
                old.delete();
                continue;
            }
            final long firstId = reclaim(dir, name) + 1;
            final ListenerFile created = ListenerFile.create(dir, name, config, firstId, context.filePermissions());
            if (created != null) {
                return new StreamListener(created, context, keepalive, owner, waitName);
            }
        }
        throw new ShimmyException("stream '" + name + "' in " + dir + ": other processes kept replacing its " +
            "listener file; listen again once they settle");
    }

    /**
     * Removes the connection files of a stream that no live process uses.
     *
     * @return the highest id among the connection files that remain, or 0.
     */
    private static long reclaim(final Path dir, final String name) {
        long highest = 0;
        for (final String connection : ListenerStatus.connections(dir, name)) {
            try (ConnectionFile file = ConnectionFile.open(dir, connection, true, false)) {
                if (file.inUse(System.nanoTime()) || !file.delete()) {
                    highest = Math.max(highest, file.id());
                }
            } catch (final ShimmyException ex) {
                highest = Math.max(highest, ConnectionName.id(connection));
            }
        }
        return highest;
    }

    /**
     * Waits for a connection and accepts it.
     *
     * @return the connection.
     * @throws ClosedChannelException if the listener is closed; {@link AsynchronousCloseException} if it is closed
     *     while waiting.
     */
    public StreamConnection accept() throws IOException {
        return accept(Long.MAX_VALUE);
    }

    /**
     * Waits at most a timeout for a connection and accepts it.
     *
     * @param timeoutNs longest wait in nanoseconds; 0 does not wait.
     * @return the connection, or null if none came in time.
     * @throws ClosedChannelException if the listener is closed; {@link AsynchronousCloseException} if it is closed
     *     while waiting; {@link InterruptedIOException} if the thread is interrupted while waiting.
     */
    public synchronized StreamConnection accept(final long timeoutNs) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        final long start = System.nanoTime();
        acceptStartNs = start;
        acceptTimeoutNs = timeoutNs;
        wait.reset();
        while (true) {
            checkInterrupted(file);
            final StreamConnection connection = take();
            if (connection != null) {
                return connection;
            }
            if (closed) {
                throw new AsynchronousCloseException();
            }
            if (System.nanoTime() - start >= timeoutNs) {
                return null;
            }
            wait.idle(0);
        }
    }

    /**
     * Accepts a connection if one is waiting.
     *
     * @return the connection, or null.
     * @throws ClosedChannelException if the listener is closed.
     */
    public StreamConnection tryAccept() throws IOException {
        return accept(0);
    }

    private static void checkInterrupted(final ListenerFile file) throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("stream listener '" + file.name() + "': the thread was interrupted " +
                "while waiting for a connection; the listener stays open");
        }
    }

    private StreamConnection take() throws InterruptedIOException {
        final ConnectionFile connection = takeConnection(file, context.preTouch());
        return connection == null ? null : new StreamConnection(connection, false, waitStrategy, keepalive, owner);
    }

    /**
     * Takes requests, oldest first, until one gives a connection this listener accepts.
     *
     * @param listener the listener's file.
     * @param preTouch whether to fault in the pages of the connection file.
     * @return the connection file with the acceptor's end open, or null if the queue holds no acceptable request.
     * @throws InterruptedIOException if the thread is interrupted while opening a connection file (the request is
     *     given back).
     */
    static ConnectionFile takeConnection(final ListenerFile listener, final boolean preTouch)
        throws InterruptedIOException {
        long id;
        while ((id = listener.takeRequest()) != 0) {
            final ConnectionFile connection = openRequest(listener, id, preTouch);
            if (connection != null && claim(connection)) {
                return connection;
            }
        }
        return null;
    }

    /**
     * Opens the connection file of a request taken from the queue.
     *
     * @param listener the listener's file.
     * @param id of the request.
     * @param preTouch whether to fault in the pages of the connection file.
     * @return the file, or null if it cannot be used (recorded in the listener's error log).
     * @throws InterruptedIOException if the thread is interrupted (the request is given back).
     */
    static ConnectionFile openRequest(final ListenerFile listener, final long id, final boolean preTouch)
        throws InterruptedIOException {
        final String name = ConnectionName.of(listener.name(), id);
        try {
            return ConnectionFile.open(listener.path().getParent(), name, false, preTouch);
        } catch (final ShimmyException ex) {
            if (Thread.currentThread().isInterrupted()) {
                // file I/O fails on an interrupted thread: give the request back for the next accept
                listener.post(id);
                checkInterrupted(listener);
            }
            listener.errorLog().record("skipped connection request " + id + ": " + ex.getMessage());
            return null;
        }
    }

    /**
     * Opens the acceptor's end of a connection whose request this listener took, unless its connector is gone or
     * gave up. Taking the request is not enough: a connector whose timeout passes withdraws its request, and if the
     * listener took it first the connector may still give up; {@link ConnectionFile#claimAcceptor()} and the
     * connector's {@link ConnectionFile#abandon()} decide between the two with one CAS each on the acceptor's state
     * word, so this returns true exactly when the connector's {@code connect} returns the connection.
     *
     * @param connection the connection file.
     * @return true if accepted; false if the connector is not alive (the file is removed) or abandoned the
     *     connection (the connector removes it).
     */
    static boolean claim(final ConnectionFile connection) {
        if (!connection.alive(CONNECTOR_END_OFFSET, System.nanoTime())) {
            connection.delete();
            return false;
        }
        return connection.claimAcceptor();
    }

    /**
     * Sleeps until a connector posts a request, the listener closes, or the timeout (or the deadline of the
     * {@code accept} in progress) passes; for {@code BlockingWait}.
     *
     * @param timeoutNs longest sleep.
     */
    @Override
    public void await(final long timeoutNs) {
        final long left = Math.min(timeoutNs, acceptTimeoutNs - (System.nanoTime() - acceptStartNs));
        final int seen = signal.prepare(WAITING_OFFSET);
        try {
            if (!closed && left > 0 && file.pending() == 0) {
                signal.sleep(seen, left);
            }
        } finally {
            signal.cancel(WAITING_OFFSET);
        }
    }

    /**
     * Name of the stream.
     *
     * @return the name.
     */
    public String name() {
        return file.name();
    }

    /**
     * Requests waiting to be accepted.
     *
     * @return the count.
     */
    public int pending() {
        return file.pending();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true if closed.
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops listening and removes the listener file; connectors still waiting look for a new listener until their
     * connect timeout passes. Connections accepted earlier stay open. Idempotent.
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        heartbeat.close();
        file.markClosed();
        signal.signal();
        file.delete();
        owner.closed(this);
    }

    @Override
    public String toString() {
        return "StreamListener[" + file.name() + "]";
    }
}
