package io.shimmy.wait;

import io.shimmy.buffer.SharedBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * An eventcount in shared memory that lets readers sleep in the kernel until a writer commits, at no cost to
 * writers while nobody sleeps, and at one wake-up call per sleep while somebody does.
 * <p>
 * A reader that wants to sleep calls {@link #prepare(int)}: it sets its own waiting flag, increments the waiters
 * count and <em>arms</em> the eventcount (makes it odd, if it was even, with a CAS) and returns the armed value.
 * It then re-checks for work, and only then calls {@link #sleep(int, long)} with that value, then
 * {@link #cancel(int)}. A writer, after committing, calls {@link #signal()}: only if the waiters count is non-zero
 * does it read the eventcount, and only if that is armed (odd) does it <em>disarm</em> it (a CAS to the next, even
 * value) and make the wake system call. Every reader asleep on the armed value is woken by that one call, so the
 * writers' commits that follow make no system call until a reader arms the eventcount again.
 * <p>
 * No lost wake-up: the waiters increment, the arming and the commit are all full fences, so either the writer
 * sees the waiter or the reader's re-check sees the commit. If the writer sees the waiter but reads an even
 * eventcount, then either the reader armed it later (and its re-check, later still, sees the commit), or another
 * writer disarmed it after the reader armed it (so the value the reader sleeps on is gone: {@code FUTEX_WAIT}
 * returns at once, or that writer's call wakes it). Readers only change an even value and writers only an odd one,
 * so a writer whose disarming CAS fails knows another writer disarmed it, and woke the sleepers.
 * <p>
 * A reader that dies asleep leaves its waiting flag set and the eventcount armed; whoever evicts it calls
 * {@link #clearWaiter} so the count does not stay high. The armed eventcount costs the next signal one needless
 * wake call, once.
 */
public final class Signal {
    private final SharedBuffer buffer;
    private final int eventcountIndex;
    private final int waitersIndex;
    private final Futex futex;

    /**
     * An eventcount over two words of a mapped buffer.
     *
     * @param buffer holding both words.
     * @param eventcountIndex of the eventcount (the futex word), 4-byte aligned.
     * @param waitersIndex of the waiters count, 4-byte aligned, on another cache line.
     */
    public Signal(final SharedBuffer buffer, final int eventcountIndex, final int waitersIndex) {
        this.buffer = buffer;
        this.eventcountIndex = eventcountIndex;
        this.waitersIndex = waitersIndex;
        this.futex = Futex.AVAILABLE && buffer.byteBuffer().isDirect() ? new Futex(buffer) : null;
    }

    /**
     * Whether sleeping happens in the kernel (false: {@link #sleep} parks briefly instead).
     *
     * @return true if futex calls are available.
     */
    public boolean blocking() {
        return futex != null;
    }

    /**
     * Writer side: wakes sleepers if any armed the eventcount. One volatile read when nobody sleeps; one more and
     * nothing else while the sleepers have been woken already and are yet to re-arm it.
     */
    public void signal() {
        if (buffer.getIntVolatile(waitersIndex) != 0) {
            final int armed = buffer.getIntVolatile(eventcountIndex);
            if ((armed & 1) != 0 && buffer.compareAndSetInt(eventcountIndex, armed, armed + 1) && futex != null) {
                futex.wakeAll(eventcountIndex);
            }
        }
    }

    /**
     * Reader side: announces the intention to sleep and arms the eventcount.
     *
     * @param flagIndex of this reader's waiting flag (an int in its own slot).
     * @return the armed eventcount (odd) to pass to {@link #sleep(int, long)}.
     */
    public int prepare(final int flagIndex) {
        buffer.putIntRelease(flagIndex, 1);
        buffer.getAndAddInt(waitersIndex, 1);
        while (true) {
            final int value = buffer.getIntVolatile(eventcountIndex);
            if ((value & 1) != 0 || buffer.compareAndSetInt(eventcountIndex, value, value + 1)) {
                return value | 1;
            }
        }
    }

    /**
     * Reader side: sleeps unless the eventcount moved since {@link #prepare(int)}.
     *
     * @param seen the value {@link #prepare(int)} returned.
     * @param timeoutNs longest sleep.
     */
    public void sleep(final int seen, final long timeoutNs) {
        if (futex != null) {
            futex.await(eventcountIndex, seen, timeoutNs);
        } else if (buffer.getIntVolatile(eventcountIndex) == seen) {
            LockSupport.parkNanos(Math.min(timeoutNs, 1_000_000L));
        }
    }

    /**
     * Reader side: withdraws the announcement.
     *
     * @param flagIndex of this reader's waiting flag.
     */
    public void cancel(final int flagIndex) {
        clearWaiter(buffer, flagIndex, waitersIndex);
    }

    /**
     * Withdraws a reader's announcement if it is still set: by the reader itself, or by whoever evicts a dead one.
     *
     * @param buffer holding the words.
     * @param flagIndex of the reader's waiting flag.
     * @param waitersIndex of the waiters count.
     */
    public static void clearWaiter(final SharedBuffer buffer, final int flagIndex, final int waitersIndex) {
        if (buffer.compareAndSetInt(flagIndex, 1, 0)) {
            buffer.getAndAddInt(waitersIndex, -1);
        }
    }
}
