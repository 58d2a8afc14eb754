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
 * A lossy topic's subscriber reading the message at position 0 while a publisher laps it twice: it delivers the
 * message whole, or detects that it was lapped (during or before the copy), skips and counts the loss. It never
 * delivers bytes that were overwritten, and never loses silently. Results: delivered whole, delivered torn, lost
 * bytes counted.
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "read before the publisher lapped it")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "lapped: skipped to the tail and counted")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "lapped, skipped, then a whole newer message")
@Outcome(expect = FORBIDDEN, desc = "a torn (overwritten) message, or a silent loss")
@State
public class LossyLapStress {
    private static final int LENGTH = 200;
    private static final int MESSAGES = 40;

    private final StressTopic topic = new StressTopic(true);
    private final Publication publication = topic.publication();
    private final Subscription subscription = topic.subscription(StartPosition.EARLIEST);
    private final byte[][] messages = new byte[4][LENGTH];
    private final CommitVisibilityStress.Checker checker = new CommitVisibilityStress.Checker();

    public LossyLapStress() {
        for (int i = 0; i < messages.length; i++) {
            TestMessages.encode(messages[i], 1, i, LENGTH);
        }
        publication.offer(messages[0], 0, LENGTH);
    }

    @Actor
    public void publisher() {
        for (int i = 1; i <= MESSAGES; i++) {
            publication.offer(messages[i & 3], 0, LENGTH);
        }
    }

    @Actor
    public void subscriber(final III_Result r) {
        subscription.poll(checker, 1);
        r.r1 = checker.whole;
        r.r2 = checker.torn;
        r.r3 = subscription.lostBytes() > 0 ? 1 : 0;
    }

    @Arbiter
    public void close() {
        publication.close();
        subscription.close();
    }
}
