package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import java.util.concurrent.TimeUnit;

import static io.shimmy.topic.TopicDescriptor.SLOT_HEARTBEAT_OFFSET;
import static io.shimmy.topic.TopicDescriptor.SLOT_STATE_OFFSET;
import static io.shimmy.topic.TopicDescriptor.STATE_ACTIVE;
import static io.shimmy.topic.TopicDescriptor.SUB_POSITION_OFFSET;
import static io.shimmy.topic.TopicDescriptor.state;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Eviction of a subscriber whose heartbeat looks stale, racing the heartbeat that would have kept it, or the
 * subscriber's own poll. Whatever the order, a subscriber that publishers stopped counting finds out and rejoins
 * (counting what it skipped), and after its next poll the slot is ACTIVE again and flow control counts its position.
 * <p>
 * The subscriber sits at position 0 with one unread message (tail 224), so a limit that counts it is
 * {@code 0 + capacity} and one that does not is {@code 224 + capacity}.
 */
public final class EvictionStress {
    private static final long LIVENESS_NS = TimeUnit.SECONDS.toNanos(1);

    private EvictionStress() {
    }

    /** A subscriber whose heartbeat is ten liveness timeouts old. */
    static final class StaleSubscriber {
        final StressTopic topic = new StressTopic(new TopicConfig().capacity(StressTopic.CAPACITY)
            .livenessTimeoutNs(LIVENESS_NS).maxPublishers(2).maxSubscribers(2));
        final Publication publication = topic.publication();
        final Subscription subscription = topic.subscription(StartPosition.LATEST);
        final int slot = topic.file.subscribersOffset();
        final SharedBuffer buffer = topic.buffer;

        StaleSubscriber() {
            final byte[] message = new byte[200];
            TestMessages.encode(message, 1, 0, message.length);
            if (publication.offer(message, 0, message.length) < 0) {
                throw new IllegalStateException("offer failed");
            }
            buffer.putLongVolatile(slot + SLOT_HEARTBEAT_OFFSET, System.nanoTime() - 10 * LIVENESS_NS);
        }

        void heartbeat() {
            buffer.putLongRelease(slot + SLOT_HEARTBEAT_OFFSET, System.nanoTime());
        }

        int excluded() {
            return topic.file.computeLimit(topic.file.tail()) == topic.file.tail() + StressTopic.CAPACITY ? 1 : 0;
        }

        /** After the race: one more heartbeat and poll, then checks that flow control counts the subscriber. */
        void settle(final IIII_Result r) {
            r.r2 = state(buffer.getLongVolatile(slot + SLOT_STATE_OFFSET));
            heartbeat();
            subscription.poll((b, o, l) -> { }, 10);
            final long tail = topic.file.tail();
            final boolean active = state(buffer.getLongVolatile(slot + SLOT_STATE_OFFSET)) == STATE_ACTIVE;
            final long published = buffer.getLongVolatile(slot + SUB_POSITION_OFFSET);
            r.r3 = active && published == subscription.position() &&
                topic.file.computeLimit(tail) == Math.min(tail, published) + StressTopic.CAPACITY ? 1 : 0;
            r.r4 = subscription.lostBytes() > 0 ? 1 : 0;
            publication.close();
            subscription.close();
        }
    }

    /** The evictor against the heartbeat. Results: evicted, state after the race, counted after, lost bytes. */
    @JCStressTest
    @Outcome(id = "0, 1, 1, 0", expect = ACCEPTABLE, desc = "the heartbeat came first: still counted")
    @Outcome(id = "1, 2, 1, 1", expect = ACCEPTABLE, desc = "evicted; the poll rejoined and counted the skip")
    @Outcome(expect = FORBIDDEN, desc = "not counted without being told, or not counted after rejoining")
    @State
    public static class AgainstHeartbeat {
        private final StaleSubscriber subscriber = new StaleSubscriber();

        @Actor
        public void heartbeat() {
            subscriber.heartbeat();
        }

        @Actor
        public void evictor(final IIII_Result r) {
            r.r1 = subscriber.excluded();
        }

        @Arbiter
        public void arbiter(final IIII_Result r) {
            subscriber.settle(r);
        }
    }

    /**
     * The evictor against the subscriber's poll, which delivers the unread message if it started before the
     * eviction, and rejoins if it started after. Results as above.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "evicted first: the racing poll rejoined, skipping " +
        "the unread message")
    @Outcome(id = "1, 2, 1, 0", expect = ACCEPTABLE, desc = "evicted after the poll had read everything: the " +
        "rejoin skipped nothing")
    @Outcome(expect = FORBIDDEN, desc = "not counted without being told, or not counted after rejoining")
    @State
    public static class AgainstPoll {
        private final StaleSubscriber subscriber = new StaleSubscriber();

        @Actor
        public void poller() {
            subscriber.subscription.poll((b, o, l) -> { }, 10);
        }

        @Actor
        public void evictor(final IIII_Result r) {
            r.r1 = subscriber.excluded();
        }

        @Arbiter
        public void arbiter(final IIII_Result r) {
            subscriber.settle(r);
        }
    }
}
