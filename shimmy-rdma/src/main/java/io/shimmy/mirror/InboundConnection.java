package io.shimmy.mirror;

import io.shimmy.ChannelLimitException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.topic.Replica;
import io.shimmy.wait.WaitStrategy;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static io.shimmy.mirror.FrameDescriptor.*;

/**
 * One sender's connection to a {@link MirrorServer}: the handshake, then the topic sessions it opens, each with a
 * replica written only after every check passed. Any protocol violation ends the connection with one log line.
 */
final class InboundConnection implements Connection.FrameHandler {
    /** Most topic sessions one connection may open. */
    static final int MAX_TOPICS = 256;
    /** Longest a due acknowledgement waits while it moved by less than a step ({@link #ACK_STEP_DIVISOR}). */
    private static final long ACK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** An acknowledgement goes at once when it moved by a ring capacity over this: acks are lazy, not per tail. */
    private static final int ACK_STEP_DIVISOR = 8;

    private final Shimmy shimmy;
    private final MirrorContext context;
    private final InetAddress bind;
    private final SocketChannel socket;
    private final Session[] sessions = new Session[MAX_TOPICS];
    private final Thread thread;
    private final Transport.TailSink tails = this::onTail;
    private Connection connection;
    private Transport.Receiver receiver;
    private volatile boolean closed;
    private volatile boolean finished;
    private long lastAckNs;
    private String lastRefusal;

    /** A topic session: its replica and what was last acknowledged. */
    private static final class Session {
        private final String name;
        private final Replica replica;
        private final long ackStep;
        private ByteBuffer ring;
        private boolean started;
        private long ackReleased = -1;
        private long ackGrant = -1;
        private long ackBase = -1;

        Session(final String name, final Replica replica) {
            this.name = name;
            this.replica = replica;
            this.ackStep = replica.config().capacity() / ACK_STEP_DIVISOR;
        }
    }

    InboundConnection(final Shimmy shimmy, final MirrorContext context, final InetAddress bind,
        final SocketChannel socket) {
        this.shimmy = shimmy;
        this.context = context;
        this.bind = bind;
        this.socket = socket;
        this.thread = new Thread(this::run, "shimmy-mirror-in");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean finished() {
        return finished;
    }

    private void run() {
        String peer = "?";
        try {
            peer = String.valueOf(socket.getRemoteAddress());
            connection = new Connection(socket, Math.max(context.batchBytes(), 1 << 20));
            peer = connection.peer();
            handshake();
            context.log().accept("sender " + peer + " connected (transport " + context.transport() + ")");
            serve();
        } catch (final ProtocolException ex) {
            context.log().accept("refused sender " + peer + ": " + ex.getMessage());
            sendError(ex.getMessage());
        } catch (final EOFException ex) {
            if (!closed) {
                context.log().accept("sender " + peer + " disconnected");
            }
        } catch (final IOException | ShimmyException ex) {
            if (!closed) {
                context.log().accept("connection from " + peer + " ended: " + ex.getMessage());
                sendError(ex.getMessage());
            }
        } finally {
            release();
            finished = true;
        }
    }

    private void sendError(final String text) {
        if (connection == null) {
            return;
        }
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (connection.send(ERROR, 0, 0, 0, 0, bytes.length <= MAX_CONTROL_PAYLOAD ? bytes :
            java.util.Arrays.copyOf(bytes, MAX_CONTROL_PAYLOAD))) {
            try {
                connection.flushBlocking(TimeUnit.MILLISECONDS.toNanos(200));
            } catch (final IOException ignore) {
                // the peer is going away anyway
            }
        }
    }

    private void handshake() throws IOException {
        final Handshake.Frame hello = Handshake.await(connection, HELLO, context.handshakeTimeoutNs());
        final ByteBuffer payload = hello.payload();
        if (payload.remaining() < 8 + MirrorSecret.PROOF_LENGTH + 4 || payload.getLong(0) != MAGIC) {
            throw new ProtocolException("its HELLO is not a Shimmy mirror's (bad magic or length)");
        }
        if (hello.a() != PROTOCOL_VERSION) {
            throw new ProtocolException("it speaks mirror protocol version " + hello.a() + ", this receiver " +
                PROTOCOL_VERSION + ": run the same Shimmy version on both hosts");
        }
        final byte[] senderNonce = new byte[MirrorSecret.PROOF_LENGTH];
        payload.get(8, senderNonce);
        final int nameLength = payload.getInt(8 + MirrorSecret.PROOF_LENGTH);
        final int nameAt = 12 + MirrorSecret.PROOF_LENGTH;
        if (nameLength < 1 || nameLength > 32 || payload.remaining() != nameAt + nameLength) {
            throw new ProtocolException("its HELLO names a transport of " + nameLength + " bytes");
        }
        final byte[] name = new byte[nameLength];
        payload.get(nameAt, name);
        final String transport = new String(name, StandardCharsets.US_ASCII);
        if (!transport.equals(context.transport())) {
            throw new ProtocolException("it uses transport '" + Handshake.printable(transport) + "' but this " +
                "receiver serves '" + context.transport() + "': give both the same --transport");
        }
        final byte[] receiverNonce = MirrorSecret.nonce();
        final byte[] challenge = new byte[2 * MirrorSecret.PROOF_LENGTH];
        System.arraycopy(receiverNonce, 0, challenge, 0, MirrorSecret.PROOF_LENGTH);
        System.arraycopy(context.secret().proof("receiver", senderNonce, receiverNonce, transport), 0, challenge,
            MirrorSecret.PROOF_LENGTH, MirrorSecret.PROOF_LENGTH);
        connection.send(CHALLENGE, 0, 0, 0, 0, challenge);
        connection.flushBlocking(context.handshakeTimeoutNs());
        final Handshake.Frame proof = Handshake.await(connection, PROOF, context.handshakeTimeoutNs());
        final byte[] received = new byte[proof.payload().remaining()];
        proof.payload().get(0, received);
        if (!MirrorSecret.matches(context.secret().proof("sender", senderNonce, receiverNonce, transport),
            received)) {
            throw new ProtocolException("it did not prove the shared secret (wrong secret, or not a Shimmy " +
                "mirror)");
        }
        receiver = context.newTransport().receiver(connection, bind);
        final ByteBuffer welcome = receiver.welcome();
        final byte[] details = new byte[welcome.remaining()];
        welcome.duplicate().get(details);
        connection.send(WELCOME, 0, 0, 0, 0, details);
        connection.flushBlocking(context.handshakeTimeoutNs());
    }

    private void serve() throws IOException {
        final WaitStrategy wait = context.newWaitStrategy(timeoutNs -> {
            try {
                receiver.await(connection, Math.min(timeoutNs, TimeUnit.MILLISECONDS.toNanos(1)));
            } catch (final IOException ex) {
                closed = true;
            }
        });
        while (!closed) {
            int work = connection.poll(this);
            work += receiver.progress(tails);
            final long now = System.nanoTime();
            final boolean due = now - lastAckNs >= ACK_INTERVAL_NS;
            if (work > 0 || due) {
                if (acknowledge(due) > 0 || due) {
                    lastAckNs = now;
                }
            }
            if (now - connection.lastSentNs() > context.heartbeatIntervalNs() && connection.flushed()) {
                connection.send(HEARTBEAT, 0, 0, 0, 0);
            }
            if (now - connection.lastReceivedNs() > context.peerTimeoutNs()) {
                throw new ProtocolException("it sent nothing for " +
                    TimeUnit.NANOSECONDS.toMillis(context.peerTimeoutNs()) + " ms");
            }
            work += connection.flush();
            wait.idle(work);
        }
    }

    /**
     * Sends the acknowledgements that are due: at once the first of a session and any after a (re)start (its
     * sender waits for them), and any that moved by an eighth of the ring; the others at most
     * {@link #ACK_INTERVAL_NS} later, so a steady flow costs few acknowledgements and none per tail.
     */
    private int acknowledge(final boolean due) {
        int sent = 0;
        for (int id = 0; id < sessions.length; id++) {
            final Session session = sessions[id];
            if (session == null || !session.started) {
                continue;
            }
            final long released = session.replica.acknowledge();
            final long grant = session.replica.grant();
            final long base = session.replica.base();
            final boolean moved = released != session.ackReleased || grant != session.ackGrant;
            final boolean urgent = base != session.ackBase || session.ackReleased < 0 ||
                released - session.ackReleased >= session.ackStep || grant - session.ackGrant >= session.ackStep;
            if ((urgent || due && moved) && connection.send(ACK, id, released, grant, base)) {
                session.ackReleased = released;
                session.ackGrant = grant;
                session.ackBase = base;
                sent++;
            }
        }
        return sent;
    }

    @Override
    public void onFrame(final int type, final int topic, final long a, final long b, final long c,
        final SharedBuffer payload, final int index, final int length) throws IOException {
        switch (type) {
            case OPEN:
                open(topic, a, b, TopicOffer.decode(payload, index, length));
                break;
            case START:
                start(session(topic, type, false), a);
                break;
            case WRITE:
                write(session(topic, type, true), a, payload, index, length);
                break;
            case TAIL:
                if (!receiver.framesCarryData()) {
                    throw new ProtocolException("it sent a TAIL frame, which transport " + context.transport() +
                        " does not use");
                }
                onTail(topic, a);
                break;
            case RESET:
                reset(session(topic, type, true), a);
                break;
            case HEARTBEAT:
                break;
            case ERROR:
                throw new ProtocolException("it reported: " +
                    Handshake.printable(payload.getStringUtf8(index, Math.min(length, MAX_CONTROL_PAYLOAD))));
            default:
                throw new ProtocolException("it sent an unexpected " + FrameDescriptor.name(type) + " frame");
        }
    }

    @Override
    public ByteBuffer landing(final int type, final int topic, final long a, final int length) {
        if (type != WRITE || topic < 0 || topic >= MAX_TOPICS || !receiver.framesCarryData()) {
            return null;
        }
        final Session session = sessions[topic];
        if (session == null || !session.started || !session.replica.writable(a, length)) {
            return null;
        }
        if (session.ring == null) {
            session.ring = session.replica.ring();
        }
        final int index = session.replica.ringIndex(a);
        session.ring.clear().position(index).limit(index + length);
        return session.ring;
    }

    private Session session(final int topic, final int type, final boolean started) throws ProtocolException {
        final Session session = topic >= 0 && topic < MAX_TOPICS ? sessions[topic] : null;
        if (session == null || session.started != started) {
            throw new ProtocolException("it sent " + FrameDescriptor.name(type) + " for topic session " + topic +
                ", which is " + (session == null ? "not open" : started ? "not started" : "already started"));
        }
        return session;
    }

    private void open(final int topic, final long incarnation, final long layoutVersion, final TopicOffer offer)
        throws IOException {
        if (topic < 0 || topic >= MAX_TOPICS || sessions[topic] != null) {
            throw new ProtocolException("it opened topic session " + topic + ", which is in use or out of range");
        }
        if (layoutVersion != ChannelHeaderDescriptor.LAYOUT_VERSION) {
            refuse(topic, false, "topic '" + offer.name() + "' has layout version " + layoutVersion + " but this " +
                "receiver writes version " + ChannelHeaderDescriptor.LAYOUT_VERSION + ": run the same Shimmy " +
                "version on both hosts");
            return;
        }
        if (incarnation == 0) {
            throw new ProtocolException("it offered topic '" + offer.name() + "' without an incarnation");
        }
        for (final Session session : sessions) {
            if (session != null && session.name.equals(offer.name())) {
                throw new ProtocolException("it opened topic '" + offer.name() + "' twice");
            }
        }
        final Replica replica;
        try {
            replica = shimmy.replica(offer.name(), offer.config(), incarnation);
        } catch (final ChannelLimitException ex) {
            refuse(topic, true, ex.getMessage());
            return;
        } catch (final ShimmyException ex) {
            refuse(topic, false, ex.getMessage());
            return;
        }
        final Session session = new Session(offer.name(), replica);
        sessions[topic] = session;
        final ByteBuffer details = receiver.attach(topic, replica);
        final byte[] bytes = new byte[details.remaining()];
        details.duplicate().get(bytes);
        connection.send(ACCEPT, topic, replica.fresh() ? -1 : replica.tail(), replica.grant(), replica.base(),
            bytes);
        context.log().accept("topic '" + offer.name() + "': replica " + (replica.fresh() ? "created" :
            "resumed at position " + replica.tail()) + " for sender " + connection.peer());
    }

    private void refuse(final int topic, final boolean retry, final String why) {
        if (!why.equals(lastRefusal)) {
            lastRefusal = why;
            context.log().accept("refused a topic of sender " + connection.peer() + ": " + why +
                (retry ? " (it will try again)" : ""));
        }
        connection.send(REFUSE, topic, retry ? 1 : 0, 0, 0, why.getBytes(StandardCharsets.UTF_8));
    }

    private void start(final Session session, final long position) throws ProtocolException {
        final Replica replica = session.replica;
        if (!replica.fresh() && position < replica.tail() || position < 0) {
            throw new ProtocolException("it started topic '" + session.name + "' at position " + position +
                ", behind the replica's tail " + replica.tail() + " (that would duplicate messages)");
        }
        final long tail = replica.tail();
        if (replica.fresh() || position > tail) {
            checked(session, replica.reset(position), "start at " + position);
            if (!replica.fresh()) {
                context.log().accept("topic '" + session.name + "': " + (position - tail) + " bytes lost between " +
                    "positions " + tail + " and " + position + " (the origin no longer held them)");
            }
        }
        session.started = true;
    }

    private void write(final Session session, final long position, final SharedBuffer payload, final int index,
        final int length) throws ProtocolException {
        if (!receiver.framesCarryData()) {
            throw new ProtocolException("it sent a WRITE frame, which transport " + context.transport() +
                " does not use");
        }
        checked(session, session.replica.write(position, payload, index, length), "write of " + length +
            " bytes at position " + position);
    }

    private void reset(final Session session, final long position) throws ProtocolException {
        final long tail = session.replica.tail();
        checked(session, session.replica.reset(position), "reset to " + position);
        context.log().accept("topic '" + session.name + "': " + (position - tail) + " bytes lost between positions " +
            tail + " and " + position + " (the origin's publishers lapped its mirror)");
    }

    private void onTail(final int topic, final long tail) throws ProtocolException {
        final Session session = session(topic, TAIL, true);
        checked(session, session.replica.publishTail(tail), "tail " + tail);
    }

    private void checked(final Session session, final int code, final String what) throws ProtocolException {
        if (code == 0) {
            return;
        }
        final Replica replica = session.replica;
        final String why;
        switch (code) {
            case Replica.OUT_OF_RANGE:
                why = "outside what it was granted [" + replica.tail() + ", " + replica.grant() + ") or across the " +
                    "end of the ring";
                break;
            case Replica.TAIL_OUT_OF_RANGE:
                why = "outside [" + replica.tail() + ", " + replica.grant() + "] or not a record boundary";
                break;
            default:
                why = "over bytes that are not whole committed records (at position " + replica.rejectedAt() + ")";
                break;
        }
        throw new ProtocolException("topic '" + session.name + "': its " + what + " is " + why +
            "; the replica keeps its tail " + replica.tail());
    }

    private void release() {
        for (int i = 0; i < sessions.length; i++) {
            if (sessions[i] != null) {
                if (receiver != null) {
                    receiver.detach(i);
                }
                sessions[i].replica.close();
                sessions[i] = null;
            }
        }
        if (receiver != null) {
            receiver.close();
        }
        if (connection != null) {
            connection.close();
        } else {
            try {
                socket.close();
            } catch (final IOException ignore) {
                // already gone
            }
        }
    }

    void close() {
        closed = true;
        if (connection == null) {
            try {
                socket.close();
            } catch (final IOException ignore) {
                // already gone
            }
        }
    }

    void join() {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
