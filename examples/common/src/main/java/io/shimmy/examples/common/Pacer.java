package io.shimmy.examples.common;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Paces events at a steady rate: {@link #await(BooleanSupplier)} returns when the next event is due. It parks while
 * the next event is far off, then yields and spins for the last stretch, so events leave close to their time
 * without keeping a core busy at low rates. A producer that fell more than a second behind (a long pause) starts
 * a new schedule instead of bursting to catch up.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
public final class Pacer {
    private static final long SPIN_NS = 20_000;
    private static final long PARK_MARGIN_NS = 100_000;
    private static final long MAX_BEHIND_NS = 1_000_000_000L;

    private final double intervalNs;
    private long startNs;
    private long events;

    /**
     * A pacer.
     *
     * @param ratePerSecond events per second; 0 for no pacing.
     */
    public Pacer(final double ratePerSecond) {
        this.intervalNs = ratePerSecond <= 0 ? 0 : 1e9 / ratePerSecond;
        this.startNs = System.nanoTime();
    }

    /**
     * Waits until the next event is due and counts it.
     *
     * @param stop checked while waiting; the wait ends early when it returns true.
     * @return false if it ended early.
     */
    public boolean await(final BooleanSupplier stop) {
        if (intervalNs == 0) {
            return !stop.getAsBoolean();
        }
        long now = System.nanoTime();
        long due = startNs + (long)(events * intervalNs);
        if (now - due > MAX_BEHIND_NS) {
            startNs = now;
            events = 0;
            due = now;
        }
        while (now < due) {
            if (stop.getAsBoolean()) {
                return false;
            }
            final long remaining = due - now;
            if (remaining > PARK_MARGIN_NS * 2) {
                LockSupport.parkNanos(Math.min(remaining - PARK_MARGIN_NS, 100_000_000L));
            } else if (remaining > SPIN_NS) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
            now = System.nanoTime();
        }
        events++;
        return !stop.getAsBoolean();
    }
}
