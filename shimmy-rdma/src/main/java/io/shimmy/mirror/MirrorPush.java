package io.shimmy.mirror;

import io.shimmy.Shimmy;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelName;
import io.shimmy.wait.WaitStrategy;
import io.shimmy.wait.Waitable;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.shimmy.mirror.FrameDescriptor.*;

/**
 * The origin side of a mirror: pushes topics of this host to one receiving host ({@link MirrorServer}) over one
 * connection, each as an ordinary subscriber of the topic whose released position is what the receiver
 * acknowledged. Waits for topics that do not exist yet, and reconnects when the connection breaks, resuming each
 * topic from what its replica holds: on a reliable topic nothing is lost or duplicated as long as this mirror (or
 * its successor, after a crash) is back within the topic's liveness timeout, or before the origin's publishers
 * wrote a whole ring beyond what the receiver acknowledged. A loss beyond that is logged and the replica reset
 * past it, so its subscribers count it; it is never silent.
 * <pre>{@code
 * try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
 *      MirrorPush push = new MirrorPush(shimmy, new InetSocketAddress("10.0.0.2", 7781), List.of("prices"),
 *          context)) {
 *     push.run();                      // until close() from another thread
 * }
 * }</pre>
 */
public final class MirrorPush implements AutoCloseable, Connection.FrameHandler {
    private static final long CONNECT_TIMEOUT_MS = 5000;

    private final Shimmy shimmy;
    private final InetSocketAddress to;
    private final MirrorContext context;
    private final List<OutboundTopic> topics = new ArrayList<>();
    private Connection connection;
    private Transport.Sender sender;
    private volatile boolean closed;
    private volatile boolean connected;

    /**
     * A mirror of some topics to one receiver; {@link #run()} does the work.
     *
     * @param shimmy whose channel directory holds the topics.
     * @param to the receiver's address.
     * @param topicNames the topics to mirror, at most 256.
     * @param context the options, concluded here.
     */
    public MirrorPush(final Shimmy shimmy, final InetSocketAddress to, final List<String> topicNames,
        final MirrorContext context) {
        if (topicNames.isEmpty() || topicNames.size() > InboundConnection.MAX_TOPICS) {
            throw new IllegalArgumentException("mirror 1 to " + InboundConnection.MAX_TOPICS + " topics per " +
                "receiver, not " + topicNames.size());
        }
        this.shimmy = shimmy;
        this.to = to;
        this.context = context.conclude();
        final String subscriber = subscriberName(to);
        for (final String name : topicNames) {
            ChannelName.validate(name);
            topics.add(new OutboundTopic(shimmy, name, topics.size(), subscriber, context));
        }
    }

    private static String subscriberName(final InetSocketAddress to) {
        final String name = "mirror>" + to.getHostString() + ":" + to.getPort();
        return name.length() <= 60 ? name : name.substring(0, 60);
    }

    /**
     * Mirrors until {@link #close()} is called from another thread, reconnecting whenever the connection breaks.
     *
     * @throws MirrorException if the receiver does not know the secret, refuses a topic for good, or a topic
     *     cannot be read.
     */
    public void run() {
        try {
            loop();
        } finally {
            for (final OutboundTopic topic : topics) {
                topic.close();
            }
        }
    }

    private void loop() {
        long retryNs = TimeUnit.MILLISECONDS.toNanos(100);
        String lastProblem = null;
        while (!closed) {
            try {
                connect();
                lastProblem = null;
                retryNs = TimeUnit.MILLISECONDS.toNanos(100);
                mirror();
            } catch (final ProtocolException ex) {
                if (!connected && !(ex instanceof PeerTimeoutException)) {
                    throw new MirrorException("cannot mirror to " + to.getHostString() + ":" + to.getPort() + ": " +
                        ex.getMessage());
                }
                lastProblem = report("the receiver broke the protocol: " + ex.getMessage(), lastProblem);
            } catch (final EOFException ex) {
                lastProblem = report("the receiver closed the connection", lastProblem);
            } catch (final IOException ex) {
                lastProblem = report("cannot reach the receiver (" + ex.getMessage() + ")", lastProblem);
            } finally {
                disconnect();
            }
            final long until = System.nanoTime() + retryNs;
            while (!closed && System.nanoTime() < until) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            retryNs = Math.min(2 * retryNs, context.retryIntervalNs());
        }
    }

    private String report(final String problem, final String last) {
        if (!closed && !problem.equals(last)) {
            context.log().accept("to " + to.getHostString() + ":" + to.getPort() + ": " + problem +
                "; trying again");
        }
        return problem;
    }

    private void connect() throws IOException {
        connected = false;
        connection = Connection.connect(to, (int)CONNECT_TIMEOUT_MS, Math.max(context.batchBytes(), 1 << 20));
        final ByteBuffer welcome = Handshake.greet(connection, context.secret(), context.transport(),
            context.handshakeTimeoutNs());
        sender = context.newTransport().sender(connection, welcome);
        connected = true;
        context.log().accept("connected to " + connection.peer() + " (transport " + context.transport() + ")");
    }

    private void mirror() throws IOException {
        final Waitable waitable = timeoutNs -> {
            final long sleepNs = Math.min(timeoutNs, TimeUnit.MILLISECONDS.toNanos(1));
            try {
                if (!connection.flushed()) {
                    connection.await(sleepNs);
                    return;
                }
                for (final OutboundTopic topic : topics) {
                    if (topic.flushing()) {
                        sender.await(sleepNs);
                        return;
                    }
                }
                if (topics.size() == 1 && topics.get(0).await(sleepNs)) {
                    return;
                }
                connection.await(sleepNs);
            } catch (final IOException ex) {
                closed = closed || Thread.currentThread().isInterrupted();
            }
        };
        final WaitStrategy wait = context.newSenderWaitStrategy(waitable);
        while (!closed) {
            int work = connection.poll(this);
            work += sender.progress();
            for (final OutboundTopic topic : topics) {
                work += topic.step(connection);
            }
            final long now = System.nanoTime();
            if (now - connection.lastSentNs() > context.heartbeatIntervalNs() && connection.flushed()) {
                connection.send(HEARTBEAT, 0, 0, 0, 0);
            }
            if (now - connection.lastReceivedNs() > context.peerTimeoutNs()) {
                throw new IOException("it sent nothing for " +
                    TimeUnit.NANOSECONDS.toMillis(context.peerTimeoutNs()) + " ms");
            }
            work += connection.flush();
            wait.idle(work);
        }
    }

    @Override
    public void onFrame(final int type, final int topic, final long a, final long b, final long c,
        final SharedBuffer payload, final int index, final int length) throws IOException {
        if (type == HEARTBEAT) {
            return;
        }
        if (type == ERROR) {
            throw new ProtocolException("it reported: " + Handshake.printable(payload.getStringUtf8(index,
                Math.min(length, MAX_CONTROL_PAYLOAD))));
        }
        if (topic < 0 || topic >= topics.size()) {
            throw new ProtocolException("it sent " + FrameDescriptor.name(type) + " for unknown topic session " +
                topic);
        }
        final OutboundTopic session = topics.get(topic);
        switch (type) {
            case ACCEPT:
                final ByteBuffer details = payload.byteBuffer().duplicate().position(index).limit(index + length)
                    .slice().order(payload.byteBuffer().order());
                session.accepted(connection, sender, a, details);
                break;
            case REFUSE:
                session.refused(a == 1, Handshake.printable(new String(copy(payload, index, length),
                    StandardCharsets.UTF_8)));
                break;
            case ACK:
                session.acknowledged(a, b, c);
                break;
            default:
                throw new ProtocolException("it sent an unexpected " + FrameDescriptor.name(type) + " frame");
        }
    }

    private static byte[] copy(final SharedBuffer payload, final int index, final int length) {
        final byte[] bytes = new byte[Math.min(length, MAX_CONTROL_PAYLOAD)];
        payload.getBytes(index, bytes, 0, bytes.length);
        return bytes;
    }

    private void disconnect() {
        for (final OutboundTopic topic : topics) {
            topic.disconnected();
        }
        if (sender != null) {
            sender.close();
            sender = null;
        }
        if (connection != null) {
            connection.close();
            connection = null;
        }
        connected = false;
    }

    /**
     * Whether the mirror is connected to its receiver now.
     *
     * @return true if connected.
     */
    public boolean connected() {
        return connected;
    }

    /**
     * Bytes lost so far on the way to the receiver, over all topics: what the origin no longer held when the
     * mirror needed it.
     *
     * @return bytes.
     */
    public long lostBytes() {
        long lost = 0;
        for (final OutboundTopic topic : topics) {
            lost += topic.lostBytes();
        }
        return lost;
    }

    /**
     * Makes {@link #run()} return (after releasing the topics' subscriptions); callable from any thread.
     */
    @Override
    public void close() {
        closed = true;
    }
}
