package io.shimmy.topic;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A subscriber joining a reliable topic while a publisher laps the ring as fast as it may: the first record the
 * subscriber can read is protected from the moment it joined (LATEST, read zero-copy), or validated after the copy
 * (EARLIEST, positions below the join tail). It is never handed a torn message. Results: messages delivered whole
 * by the joiner's first poll, delivered torn.
 */
public final class JoinStress {
    private static final int LENGTH = 200;
    private static final int MESSAGES = 64;

    private JoinStress() {
    }

    /** A publisher with a few distinct messages, offering until it laps the ring or is held back. */
    static final class Lapper {
        private final Publication publication;
        private final byte[][] messages = new byte[4][LENGTH];

        Lapper(final Publication publication) {
            this.publication = publication;
            for (int i = 0; i < messages.length; i++) {
                TestMessages.encode(messages[i], 1, i, LENGTH);
            }
            for (int i = 0; i < 18; i++) {
                StressTopic.offer(publication, messages[i & 3], LENGTH, 1);
            }
        }

        void run() {
            for (int i = 0; i < MESSAGES; i++) {
                if (StressTopic.offer(publication, messages[i & 3], LENGTH, 1000) < 0) {
                    return;
                }
            }
        }
    }

    /** Joining at the latest position. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "nothing published after the join yet")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the first message after the join, whole")
    @Outcome(expect = FORBIDDEN, desc = "a torn message: the join did not protect it")
    @State
    public static class Latest {
        private final StressTopic topic = new StressTopic(false);
        private final Lapper lapper = new Lapper(topic.publication());
        private Subscription subscription;

        @Actor
        public void publisher() {
            lapper.run();
        }

        @Actor
        public void joiner(final II_Result r) {
            subscription = topic.subscription(StartPosition.LATEST);
            final CommitVisibilityStress.Checker checker = new CommitVisibilityStress.Checker();
            subscription.poll(checker, 1);
            r.r1 = checker.whole;
            r.r2 = checker.torn;
        }

        @Arbiter
        public void close() {
            lapper.publication.close();
            subscription.close();
        }
    }

    /** Joining at the oldest record still in the ring, which the publisher may be overwriting. */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "lapped before the copy was validated: skipped, counted")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the oldest message, whole")
    @Outcome(expect = FORBIDDEN, desc = "a torn message: an overwritten copy was delivered")
    @State
    public static class Earliest {
        private final StressTopic topic = new StressTopic(false);
        private final Lapper lapper = new Lapper(topic.publication());
        private Subscription subscription;

        @Actor
        public void publisher() {
            lapper.run();
        }

        @Actor
        public void joiner(final II_Result r) {
            subscription = topic.subscription(StartPosition.EARLIEST);
            final CommitVisibilityStress.Checker checker = new CommitVisibilityStress.Checker();
            subscription.poll(checker, 1);
            r.r1 = checker.whole;
            r.r2 = checker.torn;
        }

        @Arbiter
        public void close() {
            lapper.publication.close();
            subscription.close();
        }
    }
}
