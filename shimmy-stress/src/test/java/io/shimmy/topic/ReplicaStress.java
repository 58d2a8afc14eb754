package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A mirror's receiver applying origin bytes to a replica while a subscriber of the replica polls: the bytes of two
 * records land ({@link Replica#write}), each followed by its tail ({@link Replica#publishTail}, a release store
 * after the checks read the landed records). The subscriber sees a prefix of the records, each whole: never a tail
 * in front of bytes that have not landed, never a record twice. Results: messages delivered whole, delivered torn,
 * the subscriber's position after the poll.
 */
public final class ReplicaStress {
    private static final int LENGTH = 200;
    private static final int ALIGNED = RecordDescriptor.alignedLength(LENGTH);

    private ReplicaStress() {
    }

    /** Two records applied one by one against a poll of the replica. */
    @JCStressTest
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "the poll came before the first tail")
    @Outcome(id = "1, 0, 224", expect = ACCEPTABLE, desc = "the poll saw the first record, whole")
    @Outcome(id = "2, 0, 448", expect = ACCEPTABLE, desc = "the poll saw both records, whole")
    @Outcome(expect = FORBIDDEN, desc = "a torn, duplicated or misplaced record")
    @State
    public static class ApplyThenPublish {
        private final StressTopic origin = new StressTopic(false);
        private final StressTopic replicaTopic = origin.replicaOf();
        private final Replica replica = replicaTopic.replicaWriter();
        private final Subscription subscription = replicaTopic.subscription(StartPosition.EARLIEST);
        private final CommitVisibilityStress.Checker checker = new CommitVisibilityStress.Checker();
        private final SharedBuffer source = origin.buffer;
        private final int ring = origin.file.ringOffset();

        public ApplyThenPublish() {
            try (Publication publication = origin.publication()) {
                final byte[] message = new byte[LENGTH];
                for (int i = 0; i < 2; i++) {
                    TestMessages.encode(message, 1, i, LENGTH);
                    if (publication.offer(message, 0, LENGTH) < 0) {
                        throw new IllegalStateException("could not publish to the origin");
                    }
                }
            }
        }

        @Actor
        public void receiver() {
            if (replica.write(0, source, ring, ALIGNED) != 0 || replica.publishTail(ALIGNED) != 0 ||
                replica.write(ALIGNED, source, ring + ALIGNED, ALIGNED) != 0 || replica.publishTail(2 * ALIGNED) != 0) {
                throw new IllegalStateException("the replica refused the origin's records");
            }
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
            subscription.close();
            replica.close();
        }
    }
}
