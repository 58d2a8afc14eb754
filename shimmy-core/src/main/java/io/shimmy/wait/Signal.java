package io.shimmy.wait;

import io.shimmy.buffer.SharedBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * An eventcount in shared memory that lets readers sleep in the kernel until a writer commits, at no cost to
 * writers while nobody sleeps.
 * <p>
 * A reader that wants to sleep calls {@link #prepare(int)} (it sets its own waiting flag, increments the waiters
 * count and reads the eventcount), re-checks for work, and only then calls {@link #sleep(int, long)} with the value
 * it read, then {@link #cancel(int)}. A writer, after committing, calls {@link #signal()}: only if the waiters count
 * is non-zero does it bump the eventcount and make the wake system call. The waiters increment and the commit are
 * both full fences, so either the writer sees the waiter or the waiter's re-check sees the commit: no lost wake-up.
 * <p>
 * A reader that dies asleep leaves its waiting flag set; whoever evicts it calls {@link #clearWaiter} so the count
 * does not stay high (which would only cost writers a needless wake call).
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
     * Writer side: wakes sleepers if any announced themselves. One volatile read when nobody sleeps.
     */
    public void signal() {
        if (buffer.getIntVolatile(waitersIndex) != 0) {
            buffer.getAndAddInt(eventcountIndex, 1);
            if (futex != null) {
                futex.wakeAll(eventcountIndex);
            }
        }
    }

    /**
     * Reader side: announces the intention to sleep.
     *
     * @param flagIndex of this reader's waiting flag (an int in its own slot).
     * @return the eventcount to pass to {@link #sleep(int, long)}.
     */
    public int prepare(final int flagIndex) {
        buffer.putIntRelease(flagIndex, 1);
        buffer.getAndAddInt(waitersIndex, 1);
        return buffer.getIntVolatile(eventcountIndex);
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
