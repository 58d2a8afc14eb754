package io.shimmy.wait;

import java.util.concurrent.TimeUnit;

/**
 * Spins briefly, then sleeps in the kernel on the channel's futex word until a publisher wakes it (or a timeout
 * passes, so that liveness checks keep running). Costs no CPU while idle and nothing to publishers while nobody
 * sleeps; each wake-up costs what the kernel charges to wake a thread (tens of microseconds on a VM).
 * <p>
 * Where futex calls are unavailable it degrades to {@link BackoffWait}, after one warning line on standard error.
 */
public final class BlockingWait implements WaitStrategy {
    /** Default number of spins before sleeping. */
    public static final int DEFAULT_SPINS = 200;
    /** Default longest sleep before re-checking. */
    public static final long DEFAULT_MAX_SLEEP_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private static volatile boolean warned;

    private final Waitable waitable;
    private final int spins;
    private final long maxSleepNs;
    private final BackoffWait fallback;
    private int idleCycles;

    /**
     * A blocking wait with the defaults.
     *
     * @param waitable what to sleep on.
     */
    public BlockingWait(final Waitable waitable) {
        this(waitable, DEFAULT_SPINS, DEFAULT_MAX_SLEEP_NS);
    }

    /**
     * A blocking wait.
     *
     * @param waitable what to sleep on.
     * @param spins idle cycles that spin before sleeping.
     * @param maxSleepNs longest sleep before the caller polls again.
     */
    public BlockingWait(final Waitable waitable, final int spins, final long maxSleepNs) {
        this.waitable = waitable;
        this.spins = spins;
        this.maxSleepNs = maxSleepNs;
        if (Futex.AVAILABLE) {
            this.fallback = null;
        } else {
            this.fallback = new BackoffWait();
            if (!warned) {
                warned = true;
                System.err.println("shimmy: warning: blocking wait unavailable (" + Futex.UNAVAILABLE_REASON +
                    "); using backoff instead");
            }
        }
    }

    @Override
    public void idle(final int workCount) {
        if (fallback != null) {
            fallback.idle(workCount);
            return;
        }
        if (workCount > 0) {
            idleCycles = 0;
            return;
        }
        if (idleCycles < spins) {
            idleCycles++;
            Thread.onSpinWait();
            return;
        }
        waitable.await(maxSleepNs);
    }

    @Override
    public void reset() {
        idleCycles = 0;
        if (fallback != null) {
            fallback.reset();
        }
    }
}
