package io.shimmy.topic;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A subscriber reclaiming an abandoned claim ({@link TopicFile#reclaim}) while its publisher comes back: exactly one
 * of them wins, and subscribers see the message whole and once, or not at all when (and only when) the publisher
 * learnt that it lost. The unblock timeout is the caller's business, so the reclaimer here acts at once.
 */
public final class ReclaimStress {
    private static final int LENGTH = 200;

    private ReclaimStress() {
    }

    /**
     * Polls until the subscriber reaches the tail, reclaiming where it waits as it would once the unblock timeout
     * passed (a publisher that resumed after its claim was reclaimed leaves the rest of the padding fenced).
     */
    static CommitVisibilityStress.Checker drain(final StressTopic topic, final Subscription subscription) {
        final CommitVisibilityStress.Checker checker = new CommitVisibilityStress.Checker();
        for (int i = 0; i < 16 && subscription.position() < topic.file.tail(); i++) {
            if (subscription.poll(checker, 10) == 0 && subscription.position() < topic.file.tail()) {
                topic.file.reclaim(subscription.position(), topic.file.tail());
            }
        }
        return checker;
    }

    /**
     * A late commit: the claim is made and half written before the race; the publisher writes
     * the rest and commits while the reclaimer fences it. Results: commit succeeded, reclaim reported the record
     * settled, messages delivered afterwards, delivered torn.
     */
    @JCStressTest
    @Outcome(id = "1, 1, 1, 0", expect = ACCEPTABLE, desc = "commit first; the reclaimer found DATA")
    @Outcome(id = "1, 0, 1, 0", expect = ACCEPTABLE, desc = "commit between the reclaimer's read and its CAS")
    @Outcome(id = "0, 1, 0, 0", expect = ACCEPTABLE_INTERESTING,
        desc = "reclaimed first; the commit reported CLAIM_RECLAIMED and nothing was delivered")
    @Outcome(expect = FORBIDDEN, desc = "both or neither won, or a torn or duplicated delivery")
    @State
    public static class LateCommit {
        private final StressTopic topic = new StressTopic(false);
        private final Publication publication = topic.publication();
        private final Subscription subscription = topic.subscription(StartPosition.LATEST);
        private final BufferClaim claim = new BufferClaim();
        private final byte[] message = new byte[LENGTH];
        private final long position;

        public LateCommit() {
            TestMessages.encode(message, 1, 0, LENGTH);
            if (publication.tryClaim(LENGTH, claim) < 0) {
                throw new IllegalStateException("claim failed");
            }
            position = claim.offset() - RecordDescriptor.HEADER_LENGTH - topic.file.ringOffset();
            claim.buffer().putBytes(claim.offset(), message, 0, LENGTH / 2);
        }

        @Actor
        public void publisher(final IIII_Result r) {
            claim.buffer().putBytes(claim.offset() + LENGTH / 2, message, LENGTH / 2, LENGTH - LENGTH / 2);
            r.r1 = claim.commit() > 0 ? 1 : 0;
        }

        @Actor
        public void reclaimer(final IIII_Result r) {
            r.r2 = topic.file.reclaim(position, topic.file.tail()) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(final IIII_Result r) {
            final CommitVisibilityStress.Checker checker = drain(topic, subscription);
            r.r3 = checker.whole;
            r.r4 = checker.torn;
            publication.close();
            subscription.close();
        }
    }

    /**
     * A whole {@code offer} while a reclaimer fences everything between the record start and the tail it read: a
     * publisher that moved the tail but had not yet committed finds the fence and claims again further on.
     * The message is delivered exactly once and whole either way. Results: delivered, torn, whether the reclaimer
     * turned the first record into padding.
     */
    @JCStressTest
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "the offer committed first (or the reclaimer " +
        "saw no claim)")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE_INTERESTING, desc = "fenced before it committed: the publisher " +
        "claimed again after the padding")
    @Outcome(expect = FORBIDDEN, desc = "lost, torn or duplicated message")
    @State
    public static class OfferInFlight {
        private final StressTopic topic = new StressTopic(false);
        private final Publication publication = topic.publication();
        private final Subscription subscription = topic.subscription(StartPosition.LATEST);
        private final byte[] message = new byte[LENGTH];

        public OfferInFlight() {
            TestMessages.encode(message, 1, 0, LENGTH);
        }

        @Actor
        public void publisher() {
            publication.offer(message, 0, LENGTH);
        }

        @Actor
        public void reclaimer() {
            final long tail = topic.file.tail();
            if (tail > 0) {
                topic.file.reclaim(0, tail);
            }
        }

        @Arbiter
        public void arbiter(final III_Result r) {
            final CommitVisibilityStress.Checker checker = drain(topic, subscription);
            r.r1 = checker.whole;
            r.r2 = checker.torn;
            r.r3 = topic.buffer.getLongVolatile(topic.file.ringOffset()) ==
                RecordDescriptor.stamp(0, RecordDescriptor.TYPE_PADDING) ? 1 : 0;
            publication.close();
            subscription.close();
        }
    }
}
