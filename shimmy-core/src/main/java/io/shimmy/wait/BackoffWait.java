package io.shimmy.wait;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spins, then yields, then parks for a time that doubles up to a maximum: near-spin latency under load and
 * little CPU when idle.
 */
public final class BackoffWait implements WaitStrategy {
    /** Default number of spins before yielding. */
    public static final int DEFAULT_SPINS = 100;
    /** Default number of yields before parking. */
    public static final int DEFAULT_YIELDS = 10;
    /** Default shortest park. */
    public static final long DEFAULT_MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    /** Default longest park. */
    public static final long DEFAULT_MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final int spins;
    private final int yields;
    private final long minParkNs;
    private final long maxParkNs;
    private int idleCycles;
    private long parkNs;

    /**
     * A back-off with the defaults: 100 spins, 10 yields, then parks from 1 µs to 1 ms.
     */
    public BackoffWait() {
        this(DEFAULT_SPINS, DEFAULT_YIELDS, DEFAULT_MIN_PARK_NS, DEFAULT_MAX_PARK_NS);
    }

    /**
     * A back-off with given stages.
     *
     * @param spins idle cycles that spin.
     * @param yields idle cycles that yield after the spins.
     * @param minParkNs first park.
     * @param maxParkNs longest park.
     */
    public BackoffWait(final int spins, final int yields, final long minParkNs, final long maxParkNs) {
        this.spins = spins;
        this.yields = yields;
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
        this.parkNs = minParkNs;
    }

    @Override
    public void idle(final int workCount) {
        if (workCount > 0) {
            reset();
            return;
        }
        if (idleCycles < spins) {
            idleCycles++;
            Thread.onSpinWait();
        } else if (idleCycles < spins + yields) {
            idleCycles++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNs);
            parkNs = Math.min(parkNs << 1, maxParkNs);
        }
    }

    @Override
    public void reset() {
        idleCycles = 0;
        parkNs = minParkNs;
    }
}
