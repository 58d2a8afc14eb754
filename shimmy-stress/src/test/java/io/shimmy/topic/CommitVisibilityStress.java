package io.shimmy.topic;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Commit visibility: a subscriber polling while a publisher offers sees nothing, or the whole message; never a
 * {@code DATA} stamp in front of a half-written payload, never the message twice. Results: messages delivered,
 * messages delivered torn (checksum), the subscriber's position after the poll.
 */
public final class CommitVisibilityStress {
    private static final int LENGTH = 200;
    private static final int ALIGNED = RecordDescriptor.alignedLength(LENGTH);

    private CommitVisibilityStress() {
    }

    /** A shared checksum check, counting what it saw. */
    static final class Checker implements MessageHandler {
        private final byte[] scratch = new byte[StressTopic.CAPACITY];
        int whole;
        int torn;

        @Override
        public void onMessage(final io.shimmy.buffer.SharedBuffer buffer, final int offset, final int length) {
            if (TestMessages.valid(buffer, offset, length, scratch)) {
                whole++;
            } else {
                torn++;
            }
        }
    }

    /** A message in the middle of the ring. */
    @JCStressTest
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "the poll came before the commit")
    @Outcome(id = "1, 0, 224", expect = ACCEPTABLE, desc = "the poll saw the whole message")
    @Outcome(expect = FORBIDDEN, desc = "torn, duplicated or misplaced delivery")
    @State
    public static class Middle {
        private final StressTopic topic = new StressTopic(false);
        private final Publication publication = topic.publication();
        private final Subscription subscription = topic.subscription(StartPosition.LATEST);
        private final Checker checker = new Checker();
        private final byte[] message = new byte[LENGTH];

        public Middle() {
            TestMessages.encode(message, 1, 0, LENGTH);
        }

        @Actor
        public void publisher() {
            publication.offer(message, 0, LENGTH);
        }

        @Actor
        public void subscriber(final III_Result r) {
            subscription.poll(checker, 10);
            r.r1 = checker.whole;
            r.r2 = checker.torn;
            r.r3 = (int)subscription.position();
        }

        @Arbiter
        public void close() {
            publication.close();
            subscription.close();
        }
    }

    /**
     * A message that does not fit before the end of the ring: the publisher pads to the end and writes at the
     * start of the next lap. The poll may see the padding alone (its position moves to the end of the lap).
     */
    @JCStressTest
    @Outcome(id = "0, 0, 4032", expect = ACCEPTABLE, desc = "the poll came before the padding")
    @Outcome(id = "0, 0, 4096", expect = ACCEPTABLE, desc = "the poll saw the padding, not yet the message")
    @Outcome(id = "1, 0, 4320", expect = ACCEPTABLE, desc = "the poll saw the padding and the whole message")
    @Outcome(expect = FORBIDDEN, desc = "torn, duplicated or misplaced delivery")
    @State
    public static class AcrossTheWrap {
        private final StressTopic topic = new StressTopic(false);
        private final Publication publication = topic.publication();
        private final Subscription subscription = topic.subscription(StartPosition.LATEST);
        private final Checker checker = new Checker();
        private final byte[] message = new byte[LENGTH];

        public AcrossTheWrap() {
            fillToNearTheEnd(publication, subscription, message);
            TestMessages.encode(message, 1, 18, LENGTH);
        }

        @Actor
        public void publisher() {
            publication.offer(message, 0, LENGTH);
        }

        @Actor
        public void subscriber(final III_Result r) {
            subscription.poll(checker, 10);
            r.r1 = checker.whole;
            r.r2 = checker.torn;
            r.r3 = (int)subscription.position();
        }

        @Arbiter
        public void close() {
            publication.close();
            subscription.close();
        }
    }

    /**
     * Publishes and consumes 18 messages of 200 bytes (224 ring bytes each), so that the tail is 64 bytes before
     * the end of the ring: the next such message must wrap.
     *
     * @param publication to publish with.
     * @param subscription to consume with (it must be at the tail).
     * @param message scratch array of {@code LENGTH} bytes.
     */
    static void fillToNearTheEnd(final Publication publication, final Subscription subscription,
        final byte[] message) {
        for (int i = 0; i < 18; i++) {
            TestMessages.encode(message, 1, i, LENGTH);
            if (publication.offer(message, 0, LENGTH) < 0) {
                throw new IllegalStateException("could not fill the ring");
            }
        }
        while (subscription.poll((buffer, offset, length) -> { }, 100) > 0) {
            continue;
        }
        if (subscription.position() != 18 * ALIGNED || StressTopic.CAPACITY - 18 * ALIGNED != 64) {
            throw new IllegalStateException("ring not where the test needs it: " + subscription.position());
        }
    }
}
