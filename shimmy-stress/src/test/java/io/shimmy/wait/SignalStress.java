package io.shimmy.wait;

import io.shimmy.buffer.SharedBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The eventcount's announce, arm, re-check, sleep protocol ({@link Signal}) against commits and their signals, as
 * {@code Subscription.await}, {@code Publication} and the stream rings use it: a sleeper announces itself, arms the
 * eventcount, re-checks the record, and would then sleep in {@code FUTEX_WAIT} on the armed value; a publisher
 * commits with a CAS, then signals (it disarms the eventcount and wakes, only if it was armed). A lost wake-up is a
 * sleeper missing a commit while the eventcount it would sleep on never moves: {@code FUTEX_WAIT} would then sleep
 * with a message waiting.
 */
public final class SignalStress {
    private static final int EVENTCOUNT = 0;
    private static final int WAITERS = 128;
    private static final int FLAG = 256;
    private static final int OTHER_FLAG = 260;
    private static final int RECORD = 384;
    private static final int OTHER_RECORD = 392;

    private SignalStress() {
    }

    /** The words of one eventcount and two records, in a direct buffer as a mapped file would be. */
    abstract static class Words {
        final SharedBuffer buffer = SharedBuffer.allocateDirect(512);

        Signal side() {
            return new Signal(buffer, EVENTCOUNT, WAITERS);
        }

        void commit(final int record) {
            buffer.compareAndSetLong(record, 0, 1);
        }

        boolean committed(final int record) {
            return buffer.getLongVolatile(record) != 0;
        }

        boolean moved(final int seen) {
            return buffer.getIntVolatile(EVENTCOUNT) != seen;
        }
    }

    /**
     * One sleeper, one publisher. Results: the sleeper's re-check saw the commit; the eventcount moved after the
     * sleeper armed it (so {@code FUTEX_WAIT} returns at once or is woken).
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the re-check saw the commit; the publisher saw no sleeper")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the re-check saw the commit; the publisher woke anyway")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the re-check missed it; the publisher woke the sleeper")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wake-up: missed the commit and nobody wakes the sleeper")
    @State
    public static class OneSleeper extends Words {
        private final Signal publisherSide = side();
        private final Signal sleeperSide = side();
        private int seen;

        @Actor
        public void publisher() {
            commit(RECORD);
            publisherSide.signal();
        }

        @Actor
        public void sleeper(final II_Result r) {
            seen = sleeperSide.prepare(FLAG);
            r.r1 = committed(RECORD) ? 1 : 0;
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = moved(seen) ? 1 : 0;
            sleeperSide.cancel(FLAG);
        }
    }

    /**
     * Two publishers committing different records while a sleeper that missed both is announced and armed the
     * eventcount: both may find it armed and race to disarm it; the one whose CAS fails must be able to leave the
     * wake-up to the other. Results: whether the eventcount moved from the sleeper's value (it must, so
     * {@code FUTEX_WAIT} returns or is woken); its parity at the end (disarmed: nobody armed it again).
     */
    @JCStressTest
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "disarmed once, by one of the two; the sleeper is woken")
    @Outcome(id = {"0, 0", "0, 1"}, expect = FORBIDDEN, desc = "lost wake-up: the sleeper's value never moved")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "armed again though no sleeper armed it")
    @State
    public static class TwoPublishers extends Words {
        private final Signal firstPublisher = side();
        private final Signal secondPublisher = side();
        private final Signal sleeperSide = side();
        private final int seen = sleeperSide.prepare(FLAG);

        @Actor
        public void first() {
            commit(RECORD);
            firstPublisher.signal();
        }

        @Actor
        public void second() {
            commit(OTHER_RECORD);
            secondPublisher.signal();
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r1 = moved(seen) ? 1 : 0;
            r.r2 = buffer.getIntVolatile(EVENTCOUNT) & 1;
            sleeperSide.cancel(FLAG);
        }
    }

    /**
     * Two sleepers on one eventcount (two subscribers of a topic): the first announced itself, armed the eventcount
     * and missed the commit before the test starts; the second announces itself while a publisher commits, so the
     * publisher's disarming comes before or after the second's arming. One disarming must serve both. Results: 1 if
     * the first would sleep with the commit unseen; 1 if the second would; the waiters count after both withdrew.
     */
    @JCStressTest
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "each sleeper saw the commit or will be woken")
    @Outcome(id = {"1, 0, 0", "0, 1, 0", "1, 1, 0"}, expect = FORBIDDEN, desc = "lost wake-up")
    @State
    public static class AlreadyArmed extends Words {
        private final Signal publisherSide = side();
        private final Signal firstSide = side();
        private final Signal secondSide = side();
        private final int firstSeen = firstSide.prepare(OTHER_FLAG);
        private int secondSeen;
        private boolean secondSaw;

        @Actor
        public void publisher() {
            commit(RECORD);
            publisherSide.signal();
        }

        @Actor
        public void secondSleeper() {
            secondSeen = secondSide.prepare(FLAG);
            secondSaw = committed(RECORD);
        }

        @Arbiter
        public void arbiter(final III_Result r) {
            r.r1 = !moved(firstSeen) ? 1 : 0;
            r.r2 = !secondSaw && !moved(secondSeen) ? 1 : 0;
            firstSide.cancel(OTHER_FLAG);
            secondSide.cancel(FLAG);
            r.r3 = buffer.getIntVolatile(WAITERS);
        }
    }
}
