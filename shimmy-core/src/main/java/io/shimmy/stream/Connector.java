package io.shimmy.stream;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.region.ChannelName;
import io.shimmy.region.Keepalive;
import io.shimmy.wait.Signal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_CLOSED;
import static io.shimmy.stream.StreamDescriptor.END_NONE;

/**
 * The connecting side of the handshake: find a live listener, create a connection file {@code NAME@ID} with this
 * end open, post its id in the listener's accept queue, and wait until the listener opens its end. A connector whose
 * listener dies or closes before accepting, or whose timeout passes, gives up ({@link #giveUp}): unless the listener
 * claimed the connection first, which makes it stand, it removes its file and waits for a new listener; all of it
 * bounded by the connect timeout.
 */
final class Connector {
    private static final long RETRY_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int MAX_NAME_TRIES = 1000;

    private final ShimmyContext context;
    private final Keepalive keepalive;
    private final StreamOwner owner;
    private final String name;
    private final StreamConfig config;
    private final String waitStrategy;
    private final long startNs = System.nanoTime();
    private String problem;

    private Connector(final ShimmyContext context, final Keepalive keepalive, final StreamOwner owner,
        final String name, final StreamConfig config) {
        this.context = context;
        this.keepalive = keepalive;
        this.owner = owner;
        this.name = name;
        this.config = config;
        this.waitStrategy = config.waitStrategy() != null ? config.waitStrategy() : context.waitStrategy();
        this.problem = "no listener '" + name + "' appeared";
    }

    static StreamConnection connect(final ShimmyContext context, final Keepalive keepalive, final StreamOwner owner,
        final String name, final StreamConfig config) {
        ChannelName.validate(name);
        config.validate(name);
        return new Connector(context, keepalive, owner, name, config).run();
    }

    private StreamConnection run() {
        final Path dir = context.dir();
        final long timeoutNs = config.connectTimeoutNs();
        while (true) {
            final ListenerFile listener = openListener(dir);
            if (listener != null) {
                final StreamConnection connection = attempt(dir, listener);
                if (connection != null) {
                    return connection;
                }
            }
            final long elapsed = System.nanoTime() - startNs;
            if (elapsed >= timeoutNs) {
                throw new ConnectTimeoutException("cannot connect to stream '" + name + "' in " + dir + " within " +
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms: " + problem + "; start its listener (shimmy " +
                    "stream listen " + name + "), or check --dir / SHIMMY_DIR");
            }
            pause(Math.min(RETRY_NS, timeoutNs - elapsed));
        }
    }

    private ListenerFile openListener(final Path dir) {
        try {
            final ListenerFile listener = ListenerFile.open(dir, name, false);
            if (listener.alive(System.nanoTime())) {
                return listener;
            }
            problem = "the listener in " + listener.path() + " (pid " + listener.pid() + ") " +
                (listener.state() == END_CLOSED ? "is closed" : "stopped heartbeating") +
                " and no new one took its place";
        } catch (final ChannelNotFoundException ex) {
            problem = "no listener '" + name + "' appeared";
        }
        return null;
    }

    private StreamConnection attempt(final Path dir, final ListenerFile listener) {
        final int capacity = config.capacitySet() ? config.capacity() : listener.capacity();
        final long livenessNs = config.livenessTimeoutSet() ? config.livenessTimeoutNs() : listener.livenessTimeoutNs();
        ConnectionFile created = null;
        long id = 0;
        for (int tries = 0; created == null; tries++) {
            if (tries == MAX_NAME_TRIES) {
                throw new ShimmyException("stream '" + name + "' in " + dir + ": " + MAX_NAME_TRIES + " connection " +
                    "names in a row were taken by other files; remove stale ones (shimmy clean)");
            }
            id = listener.takeId();
            created = ConnectionFile.create(dir, name, id, capacity, livenessNs, context.filePermissions(),
                context.preTouch());
        }
        final ConnectionFile file = created;
        final Keepalive.Registration beat = keepalive.register(now -> file.beat(CONNECTOR_END_OFFSET, now), livenessNs);
        boolean posted = false;
        boolean decided = false;
        try {
            final Signal signal = listener.newSignal();
            boolean interrupted = false;
            long parkNs = 1_000;
            while (true) {
                if (file.state(ACCEPTOR_END_OFFSET) != END_NONE) {
                    // only the listener's claim moves it from NONE while this connector has not given up
                    decided = true;
                    return new StreamConnection(file, true, waitStrategy, keepalive, owner);
                }
                if (!posted && listener.post(id)) {
                    posted = true;
                    signal.signal();
                }
                final long now = System.nanoTime();
                if (!listener.alive(now)) {
                    problem = "the listener (pid " + listener.pid() + ") closed or died before accepting";
                    break;
                }
                if (now - startNs >= config.connectTimeoutNs()) {
                    problem = posted ? "the listener (pid " + listener.pid() + ") did not accept the connection " +
                        "(is it calling accept?)" : "the listener's accept queue of " + listener.backlog() +
                        " requests stayed full";
                    break;
                }
                LockSupport.parkNanos(parkNs);
                if (Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    break;
                }
                parkNs = Math.min(parkNs << 1, MAX_PARK_NS);
            }
            decided = true;
            if (giveUp(listener, id, posted, file)) {
                // accepted after all: the listener has it, so connect returns it (an interrupt stays set)
                return new StreamConnection(file, true, waitStrategy, keepalive, owner);
            }
            if (interrupted) {
                throw interruptedWhileConnecting();
            }
            return null;
        } finally {
            beat.close();
            if (!decided && giveUp(listener, id, posted, file)) {
                // failing after the listener accepted: leave as an end that connected and closed at once would
                file.markClosed(CONNECTOR_END_OFFSET);
            }
        }
    }

    /**
     * Gives up a connection attempt that was not seen accepted: withdraws the request (so that the queue does not
     * keep it), then abandons the connection with a CAS of the acceptor's end state from NONE to CLOSED, which the
     * listener's claim races with a CAS from NONE to OPEN ({@link ConnectionFile#claimAcceptor()}). Withdrawing
     * alone cannot decide: it fails once the listener took the request, and the listener may then still be opening
     * the file or checking this end; nor can a store of this end's state followed by a load of the acceptor's
     * (Dekker's handshake) while the listener stores its state and then loads this one: that promises only that at
     * least one side sees the other, and a side that sees the other cannot tell whether the other saw it too. One
     * word that both may CAS from NONE has one winner, and each side learns from its own CAS which it was: no side
     * waits for the other, so a listener that dies after taking the request (and never claims) costs nothing.
     *
     * @param listener whose accept queue the request was posted in.
     * @param id of the connection.
     * @param posted whether the request was posted.
     * @param file the connection file, this end open.
     * @return true if the listener claimed the connection first: it stands, and its accept returns it; false if
     *     abandoned: this end is closed, the file removed, and no accept returns it.
     */
    static boolean giveUp(final ListenerFile listener, final long id, final boolean posted,
        final ConnectionFile file) {
        if (posted) {
            listener.withdraw(id);
        }
        if (!file.abandon()) {
            return true;
        }
        file.markClosed(CONNECTOR_END_OFFSET);
        file.delete();
        return false;
    }

    private void pause(final long ns) {
        LockSupport.parkNanos(ns);
        if (Thread.currentThread().isInterrupted()) {
            throw interruptedWhileConnecting();
        }
    }

    private ShimmyException interruptedWhileConnecting() {
        return new ShimmyException("interrupted while connecting to stream '" + name + "'");
    }
}
