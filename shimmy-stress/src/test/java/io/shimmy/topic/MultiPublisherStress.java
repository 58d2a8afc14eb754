package io.shimmy.topic;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Two publishers claiming at once: both messages are delivered, whole, once each, in one order; when the ring
 * wraps, the padding of whichever claim wrapped is skipped. Results: messages delivered, delivered torn, the
 * publisher of the first message, messages of publisher 1.
 */
public final class MultiPublisherStress {
    private MultiPublisherStress() {
    }

    /** Collects what a subscriber delivers after both publishers are done. */
    static final class Drain implements MessageHandler {
        private final byte[] scratch = new byte[StressTopic.CAPACITY];
        int whole;
        int torn;
        int first;
        int fromOne;

        @Override
        public void onMessage(final io.shimmy.buffer.SharedBuffer buffer, final int offset, final int length) {
            if (!TestMessages.valid(buffer, offset, length, scratch)) {
                torn++;
                return;
            }
            final int publisher = TestMessages.publisherId(buffer, offset);
            if (whole++ == 0) {
                first = publisher;
            }
            if (publisher == 1) {
                fromOne++;
            }
        }

        void result(final Subscription subscription, final IIII_Result r) {
            for (int i = 0; i < 10; i++) {
                subscription.poll(this, 10);
            }
            r.r1 = whole;
            r.r2 = torn;
            r.r3 = first;
            r.r4 = fromOne;
        }
    }

    /** Two claims in the middle of the ring. */
    @JCStressTest
    @Outcome(id = "2, 0, 1, 1", expect = ACCEPTABLE, desc = "publisher 1 claimed first")
    @Outcome(id = "2, 0, 2, 1", expect = ACCEPTABLE, desc = "publisher 2 claimed first")
    @Outcome(expect = FORBIDDEN, desc = "lost, torn or duplicated message")
    @State
    public static class Middle {
        private final StressTopic topic = new StressTopic(false);
        private final Publication one = topic.publication();
        private final Publication two = topic.publication();
        private final Subscription subscription = topic.subscription(StartPosition.LATEST);
        private final byte[] first = new byte[200];
        private final byte[] second = new byte[100];

        public Middle() {
            TestMessages.encode(first, 1, 0, first.length);
            TestMessages.encode(second, 2, 0, second.length);
        }

        @Actor
        public void publisherOne() {
            one.offer(first, 0, first.length);
        }

        @Actor
        public void publisherTwo() {
            two.offer(second, 0, second.length);
        }

        @Arbiter
        public void arbiter(final IIII_Result r) {
            new Drain().result(subscription, r);
            one.close();
            two.close();
            subscription.close();
        }
    }

    /** Two claims 64 bytes before the end of the ring: the one that does not fit pads and wraps. */
    @JCStressTest
    @Outcome(id = "2, 0, 1, 1", expect = ACCEPTABLE, desc = "publisher 1 claimed first")
    @Outcome(id = "2, 0, 2, 1", expect = ACCEPTABLE, desc = "publisher 2 claimed first (it fits before the end)")
    @Outcome(expect = FORBIDDEN, desc = "lost, torn or duplicated message")
    @State
    public static class AcrossTheWrap {
        private final StressTopic topic = new StressTopic(false);
        private final Publication one = topic.publication();
        private final Publication two = topic.publication();
        private final Subscription subscription = topic.subscription(StartPosition.LATEST);
        private final byte[] first = new byte[200];
        private final byte[] second = new byte[40];

        public AcrossTheWrap() {
            CommitVisibilityStress.fillToNearTheEnd(one, subscription, first);
            TestMessages.encode(first, 1, 18, first.length);
            TestMessages.encode(second, 2, 0, second.length);
        }

        @Actor
        public void publisherOne() {
            one.offer(first, 0, first.length);
        }

        @Actor
        public void publisherTwo() {
            two.offer(second, 0, second.length);
        }

        @Arbiter
        public void arbiter(final IIII_Result r) {
            new Drain().result(subscription, r);
            one.close();
            two.close();
            subscription.close();
        }
    }
}
