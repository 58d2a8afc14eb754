package io.shimmy.wait;

import io.shimmy.buffer.SharedBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The eventcount's announce, re-check, sleep protocol ({@link Signal}) against a commit and its signal, as
 * {@code Subscription.await} and {@code Publication} use it: the sleeper announces itself, reads the eventcount,
 * re-checks the record, and would then sleep in {@code FUTEX_WAIT} with the value it read; the publisher commits with
 * a CAS, then signals. A lost wake-up is the sleeper missing the commit while the eventcount it would sleep on never
 * moves. Results: the sleeper's re-check saw the commit, the eventcount moved after the sleeper read it (so
 * {@code FUTEX_WAIT} returns at once or is woken).
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the re-check saw the commit; the publisher saw no sleeper")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the re-check saw the commit; the publisher woke anyway")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "the re-check missed it; the publisher saw the sleeper")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "lost wake-up: missed the commit and nobody wakes the sleeper")
@State
public class SignalStress {
    private static final int EVENTCOUNT = 0;
    private static final int WAITERS = 128;
    private static final int FLAG = 256;
    private static final int RECORD = 384;

    private final SharedBuffer buffer = SharedBuffer.allocateDirect(512);
    private final Signal publisherSide = new Signal(buffer, EVENTCOUNT, WAITERS);
    private final Signal sleeperSide = new Signal(buffer, EVENTCOUNT, WAITERS);
    private int seen;

    @Actor
    public void publisher() {
        buffer.compareAndSetLong(RECORD, 0, 1);
        publisherSide.signal();
    }

    @Actor
    public void sleeper(final II_Result r) {
        seen = sleeperSide.prepare(FLAG);
        r.r1 = buffer.getLongVolatile(RECORD) != 0 ? 1 : 0;
    }

    @Arbiter
    public void arbiter(final II_Result r) {
        r.r2 = buffer.getIntVolatile(EVENTCOUNT) != seen ? 1 : 0;
        sleeperSide.cancel(FLAG);
    }
}
