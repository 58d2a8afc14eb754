package io.shimmy.mirror;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.Shimmy;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.topic.PositionNotHeldException;
import io.shimmy.topic.RegionHandler;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;

import java.io.IOException;
import java.nio.ByteBuffer;

import static io.shimmy.topic.RecordDescriptor.alignedLength;

/**
 * One topic of a {@link MirrorPush}: an ordinary subscriber of the origin topic whose released position is what
 * the receiver acknowledged, so the origin's reliable flow control covers the remote subscribers. It ships each
 * committed region the receiver granted room for as soon as it is committed, keeping up to a window of
 * {@link #WINDOW_BATCHES} batches in flight, and publishes the tail as far as the writes landed; after a loss (the
 * origin lapped it) it resets the replica at the position it carries on from. Its subscription outlives
 * connections, so a reconnect resumes from what the receiver holds.
 */
final class OutboundTopic implements RegionHandler, AutoCloseable {
    /** Most bytes in flight (written, tail not yet published), in batches: enough to cover a flush's round trip. */
    static final int WINDOW_BATCHES = 4;

    private enum State { WAITING, OPENING, STARTING, RUNNING, RESETTING, REFUSED }

    private final Shimmy shimmy;
    private final String name;
    private final int id;
    private final String subscriberName;
    private final MirrorContext context;
    private Subscription subscription;
    private Transport.Link link;
    private State state = State.WAITING;
    private long nextTryNs;
    private long sent;
    private long published;
    private long grant;
    private long awaitedBase;
    private long skippedTo = -1;
    private int minRegion;
    private long lostBytes;
    private String lastRefusal;
    private IOException writeFailure;

    OutboundTopic(final Shimmy shimmy, final String name, final int id, final String subscriberName,
        final MirrorContext context) {
        this.shimmy = shimmy;
        this.name = name;
        this.id = id;
        this.subscriberName = subscriberName;
        this.context = context;
    }

    String name() {
        return name;
    }

    /** Bytes this topic lost on the way so far: what the origin no longer held when it was wanted. */
    long lostBytes() {
        return lostBytes;
    }

    /**
     * Sleeps until a publisher commits to the topic or the timeout passes, if the subscription exists.
     *
     * @param timeoutNs longest sleep.
     * @return false if there is no subscription to sleep on yet.
     */
    boolean await(final long timeoutNs) {
        if (subscription == null || state != State.RUNNING || sent != published) {
            return false;
        }
        subscription.await(timeoutNs);
        return true;
    }

    /** Whether bytes were written whose tail waits for them to land. */
    boolean flushing() {
        return state == State.RUNNING && sent != published;
    }

    /** Position up to which the receiver acknowledged. */
    long released() {
        return subscription == null ? 0 : subscription.releasedPosition();
    }

    /** Forgets the connection: the subscription stays and holds the origin's publishers at what was released. */
    void disconnected() {
        link = null;
        if (state != State.REFUSED) {
            state = State.WAITING;
        }
        nextTryNs = 0;
    }

    /**
     * Does what this topic can do now.
     *
     * @param connection the control connection.
     * @return work done.
     * @throws IOException if the connection broke or the receiver broke the protocol.
     */
    int step(final Connection connection) throws IOException {
        switch (state) {
            case WAITING:
                return offer(connection);
            case RUNNING:
                return ship(connection);
            case RESETTING:
                if (link.quiet() && connection.send(FrameDescriptor.RESET, id, sent, 0, 0)) {
                    state = State.STARTING;
                    return 1;
                }
                return 0;
            default:
                return 0;
        }
    }

    private int offer(final Connection connection) {
        final long now = System.nanoTime();
        if (now < nextTryNs) {
            return 0;
        }
        nextTryNs = now + context.retryIntervalNs() / 10;
        if (subscription == null) {
            try {
                subscription = shimmy.subscription(name, config().start(StartPosition.EARLIEST));
            } catch (final ChannelNotFoundException ex) {
                return 0;
            }
        }
        final TopicOffer offer = new TopicOffer(name, subscription.topicConfig());
        if (!connection.send(FrameDescriptor.OPEN, id, subscription.incarnation(),
            ChannelHeaderDescriptor.LAYOUT_VERSION, 0, offer.encode())) {
            return 0;
        }
        state = State.OPENING;
        return 1;
    }

    private SubscriptionConfig config() {
        return new SubscriptionConfig().name(subscriberName);
    }

    /**
     * The receiver took the replica: choose where to start and start.
     *
     * @param connection the control connection.
     * @param sender the connection's data path.
     * @param replicaTail the replica's tail, or -1 if it is fresh.
     * @param details the transport's part of the answer.
     * @throws IOException if the receiver's answer is impossible.
     */
    void accepted(final Connection connection, final Transport.Sender sender, final long replicaTail,
        final ByteBuffer details) throws IOException {
        if (state != State.OPENING) {
            throw new ProtocolException("it accepted topic '" + name + "', which was not being opened");
        }
        final long start;
        if (replicaTail < 0) {
            start = resume(subscription.releasedPosition(), -1);
        } else if (replicaTail == subscription.releasedPosition() && subscription.position() == replicaTail) {
            start = replicaTail;
        } else {
            start = resume(replicaTail, replicaTail);
        }
        link = sender.link(id, details, subscription.topicConfig().capacity());
        minRegion = alignedLength(subscription.maxMessageLength());
        sent = start;
        published = start;
        grant = start;
        awaitedBase = -1;
        if (!connection.send(FrameDescriptor.START, id, start, 0, 0)) {
            throw new ProtocolException("the control connection has no room for START");
        }
        state = State.STARTING;
        lastRefusal = null;
    }

    private long resume(final long position, final long replicaTail) throws ProtocolException {
        try {
            resubscribe(position);
            return position;
        } catch (final PositionNotHeldException ex) {
            final Subscription earliest = shimmy.subscription(name, config().start(StartPosition.EARLIEST));
            final long start = earliest.position();
            if (start < replicaTail) {
                earliest.close();
                throw new ProtocolException("its replica of topic '" + name + "' has tail " + replicaTail +
                    ", which the origin (tail " + ex.tail() + ") never had as a record start");
            }
            subscription.close();
            subscription = earliest;
            lostBytes += start - position;
            context.log().accept("topic '" + name + "': the origin no longer holds position " + position +
                " that the replica needs (the mirror was away longer than the topic's liveness timeout while " +
                "its publishers went on); " + (start - position) + " bytes lost, resuming at " + start);
            return start;
        }
    }

    private void resubscribe(final long position) {
        final Subscription next = shimmy.subscription(name, config().resumeAt(position));
        subscription.close();
        subscription = next;
    }

    /**
     * The receiver cannot take the replica.
     *
     * @param retry whether trying again later may help.
     * @param why the receiver's words.
     * @throws MirrorException if it will never take it.
     */
    void refused(final boolean retry, final String why) throws ProtocolException {
        if (state != State.OPENING) {
            throw new ProtocolException("it refused topic '" + name + "', which was not being opened");
        }
        if (!retry) {
            state = State.REFUSED;
            throw new MirrorException("the receiver refused topic '" + name + "': " + why);
        }
        if (!why.equals(lastRefusal)) {
            lastRefusal = why;
            context.log().accept("the receiver cannot take topic '" + name + "' yet (" + why + "); trying again");
        }
        state = State.WAITING;
        nextTryNs = System.nanoTime() + context.retryIntervalNs();
    }

    /**
     * An acknowledgement arrived.
     *
     * @param released what the receiver lets the origin release.
     * @param newGrant how far the origin may write.
     * @param base where the replica last (re)started.
     * @throws ProtocolException if it cannot be right.
     */
    void acknowledged(final long released, final long newGrant, final long base) throws ProtocolException {
        if (state != State.STARTING && state != State.RUNNING && state != State.RESETTING) {
            throw new ProtocolException("it acknowledged topic '" + name + "' before it was started");
        }
        if (released < 0 || released > published || newGrant < released || base > released) {
            throw new ProtocolException("its acknowledgement of topic '" + name + "' cannot be right (released " +
                released + ", grant " + newGrant + ", base " + base + ", published " + published + ")");
        }
        if (state == State.STARTING && (awaitedBase < 0 || base == awaitedBase)) {
            state = State.RUNNING;
            awaitedBase = -1;
        }
        subscription.release(released);
        grant = Math.max(grant, newGrant);
    }

    private int ship(final Connection connection) throws IOException {
        int work = 0;
        final long window = (long)WINDOW_BATCHES * context.batchBytes();
        while (grant - sent >= minRegion && sent - published < window) {
            final long room = Math.min(window - (sent - published), grant - sent);
            final int consumed = subscription.regionPoll(this, (int)Math.max(minRegion,
                Math.min(context.batchBytes(), room)));
            if (consumed == Subscription.CLOSED) {
                throw new MirrorException("topic '" + name + "': its subscription was closed (the Shimmy instance " +
                    "that holds it was closed while the mirror ran)");
            }
            if (consumed < 0) {
                throw new MirrorException("topic '" + name + "' was marked failed (its shared state is corrupt) and " +
                    "cannot be mirrored: see shimmy stat " + name);
            }
            if (writeFailure != null) {
                final IOException failure = writeFailure;
                writeFailure = null;
                throw failure;
            }
            if (skippedTo >= 0) {
                return work + lost(skippedTo);
            }
            if (consumed == 0) {
                break;
            }
            work++;
        }
        if (sent > published) {
            final long landed = link.landed();
            if (landed > published) {
                if (!subscription.regionIntact(published)) {
                    return work + lost(subscription.position());
                }
                if (link.publishTail(landed)) {
                    published = landed;
                    work++;
                }
            }
        }
        return work;
    }

    private int lost(final long position) {
        lostBytes += position - published;
        context.log().accept("topic '" + name + "': " + (position - published) + " bytes lost at position " +
            published + " (the origin's publishers lapped the mirror: a lossy topic, or a mirror stalled past the " +
            "liveness timeout); resetting the replica at " + position);
        skippedTo = -1;
        sent = position;
        published = position;
        awaitedBase = position;
        state = State.RESETTING;
        return 1;
    }

    @Override
    public int onRegion(final SharedBuffer buffer, final int index, final int length, final long position) {
        if (position != sent) {
            skippedTo = position;
            return 0;
        }
        try {
            if (position + length > grant || !link.write(position, buffer, index, length)) {
                return 0;
            }
        } catch (final IOException ex) {
            writeFailure = ex;
            return 0;
        }
        sent = position + length;
        return length;
    }

    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
