package io.shimmy.stream;

import io.shimmy.stress.ShmDir;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_CLOSED;
import static io.shimmy.stream.StreamDescriptor.END_OPEN;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The connection handshake of streams, on real listener and connection files on the tmpfs, each party with its own
 * mapping as two processes would have: a connector that gives up ({@link Connector#giveUp}: withdraw the request,
 * then decide) against a listener that takes the request and opens its end ({@link StreamListener#takeConnection},
 * {@link StreamListener#claim}); and connectors posting into the accept queue while the listener takes from it.
 * The two sides must agree: the connector returns the connection exactly when the listener's accept returns it.
 * <p>
 * Heartbeats stay as the files were created (nobody runs a keepalive) and the liveness timeout is a day, so every
 * party stays alive for the test; nothing waits for another party.
 */
public final class AcceptStress {
    private static final Path DIR = ShmDir.create("shimmy-jcstress-accept-");
    private static final AtomicLong NAMES = new AtomicLong();
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-------");

    private AcceptStress() {
    }

    /**
     * A connector whose connect timeout passed (or whose listener it saw dead) gives up its posted request, while
     * the listener takes that request, opens the connection file, checks the connector and opens its end. Results:
     * the connector connected after all, the listener's accept returned the connection, and whether the files
     * contradict that verdict (1: a connection both accepted without both ends open and the file in place, or an
     * abandoned one without both ends closed or with the file still there).
     */
    @JCStressTest
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "the connector gave up first: nobody has the connection")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "the listener accepted first: both have the connection")
    @Outcome(id = {"0, 1, 0", "0, 1, 1"}, expect = FORBIDDEN,
        desc = "accept returned a connection whose connector gave up (a spurious dead connection)")
    @Outcome(id = {"1, 0, 0", "1, 0, 1"}, expect = FORBIDDEN,
        desc = "connect returned a connection the listener never accepted")
    @Outcome(expect = FORBIDDEN, desc = "the files contradict the verdict")
    @State
    public static class TakeVsWithdraw {
        private final Handshake handshake = new Handshake(1);
        private final long id = handshake.connect();

        @Actor
        public void connector(final III_Result r) {
            r.r1 = Connector.giveUp(handshake.connectorsListener, id, true, handshake.connection) ? 1 : 0;
        }

        @Actor
        public void listener(final III_Result r) {
            r.r2 = handshake.accept() != null ? 1 : 0;
        }

        @Arbiter
        public void arbiter(final III_Result r) {
            r.r3 = handshake.contradicts(r.r1, r.r2) ? 1 : 0;
            handshake.remove();
        }
    }

    /**
     * The narrowest window of {@link TakeVsWithdraw}: the listener has taken the request and opened the connection
     * file (so the connector's withdraw fails and the file's removal comes too late to stop the listener), and
     * checks the connector and opens its end while the connector gives up. Results as in {@link TakeVsWithdraw}.
     */
    @JCStressTest
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "the connector gave up first: nobody has the connection")
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "the listener accepted first: both have the connection")
    @Outcome(id = {"0, 1, 0", "0, 1, 1"}, expect = FORBIDDEN,
        desc = "accept returned a connection whose connector gave up (a spurious dead connection)")
    @Outcome(id = {"1, 0, 0", "1, 0, 1"}, expect = FORBIDDEN,
        desc = "connect returned a connection the listener never accepted")
    @Outcome(expect = FORBIDDEN, desc = "the files contradict the verdict")
    @State
    public static class ClaimVsGiveUp {
        private final Handshake handshake = new Handshake(1);
        private final long id = handshake.connect();
        private final ConnectionFile taken = handshake.takeAndOpen(id);

        @Actor
        public void connector(final III_Result r) {
            r.r1 = Connector.giveUp(handshake.connectorsListener, id, true, handshake.connection) ? 1 : 0;
        }

        @Actor
        public void listener(final III_Result r) {
            r.r2 = StreamListener.claim(taken) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(final III_Result r) {
            r.r3 = handshake.contradicts(r.r1, r.r2) ? 1 : 0;
            handshake.remove();
        }
    }

    /**
     * Two connectors post their ids into a queue of two slots at once, and the listener takes a request right
     * after the second connector posted (same thread: jcstress schedules at most two actors on this machine); the
     * arbiter takes what is left. Every id comes out once, none is lost or made up. Results: the id the racing take
     * got, then the two the arbiter took (0: the queue was empty).
     */
    @JCStressTest
    @Outcome(id = {"1, 2, 0", "2, 1, 0"}, expect = ACCEPTABLE, desc = "each id taken once")
    @Outcome(expect = FORBIDDEN, desc = "an id lost, duplicated or made up, or a post refused with a slot free")
    @State
    public static class TwoConnectors {
        private final Handshake handshake = new Handshake(2);
        private final ListenerFile second = ListenerFile.open(DIR, handshake.name, false);
        private boolean refused;

        @Actor
        public void first() {
            refused |= !handshake.connectorsListener.post(1);
        }

        @Actor
        public void second(final III_Result r) {
            final boolean posted = second.post(2);
            r.r1 = posted ? (int)handshake.listener.takeRequest() : -1;
        }

        @Arbiter
        public void arbiter(final III_Result r) {
            r.r2 = (int)handshake.listener.takeRequest();
            r.r3 = refused ? -1 : (int)handshake.listener.takeRequest();
            handshake.remove();
        }
    }

    /**
     * A listener file and, once a connector came, its connection file, in the shared directory under a name of
     * their own; the listener and the connector each map the listener file themselves.
     */
    private static final class Handshake {
        final String name = "a" + NAMES.incrementAndGet();
        /** The listener's mapping of its file. */
        final ListenerFile listener;
        /** The connector's mapping of the listener file. */
        final ListenerFile connectorsListener;
        /** The connector's mapping of the connection file. */
        ConnectionFile connection;

        Handshake(final int backlog) {
            listener = ListenerFile.create(DIR, name, new StreamConfig().capacity(StressStream.CAPACITY)
                .livenessTimeoutNs(StressStream.NEVER_STALE_NS).backlog(backlog), 1, MODE);
            connectorsListener = ListenerFile.open(DIR, name, false);
        }

        /** What {@code connect} does before it waits: takes an id, creates the connection file, posts the id. */
        long connect() {
            final long id = connectorsListener.takeId();
            connection = ConnectionFile.create(DIR, name, id, StressStream.CAPACITY, StressStream.NEVER_STALE_NS,
                MODE, false);
            if (!connectorsListener.post(id)) {
                throw new IllegalStateException("the accept queue of " + name + " is full");
            }
            return id;
        }

        /** The listener's half-way point: it took the request and opened the connection file. */
        ConnectionFile takeAndOpen(final long id) {
            try {
                if (listener.takeRequest() != id) {
                    throw new IllegalStateException("the request of " + name + " is not in its queue");
                }
                final ConnectionFile file = StreamListener.openRequest(listener, id, false);
                if (file == null) {
                    throw new IllegalStateException("cannot open the connection file of " + name);
                }
                return file;
            } catch (final InterruptedIOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** The listener's accept, without waiting. */
        ConnectionFile accept() {
            try {
                return StreamListener.takeConnection(listener, false);
            } catch (final InterruptedIOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** Whether the connection file, as the connector maps it, says otherwise than the two verdicts. */
        boolean contradicts(final int connected, final int acceptedByListener) {
            final long connector = connection.state(CONNECTOR_END_OFFSET);
            final long acceptor = connection.state(ACCEPTOR_END_OFFSET);
            final boolean there = Files.exists(DIR.resolve(connection.name()));
            if (connected == 1 && acceptedByListener == 1) {
                return connector != END_OPEN || acceptor != END_OPEN || !there;
            }
            if (connected == 0 && acceptedByListener == 0) {
                return connector != END_CLOSED || acceptor != END_CLOSED || there;
            }
            return false;
        }

        /** Removes the files; the mappings go with the state. */
        void remove() {
            if (connection != null) {
                connection.delete();
            }
            listener.delete();
        }
    }
}
