package io.shimmy.bench.harness;

import io.shimmy.wait.BusySpinWait;
import io.shimmy.wait.WaitStrategy;
import io.shimmy.wait.YieldingWait;

import java.util.Locale;

/**
 * How a harness process waits for a message, or for room to send one.
 */
public enum Wait {
    /** Busy spin: the default; every waiting process keeps a core. */
    SPIN,
    /** {@link Thread#yield()} between empty polls: for runs with more processes than cores. */
    YIELD,
    /** Sleep in the kernel until a message comes (a futex for Shimmy, a blocking read for sockets). */
    BLOCK;

    /**
     * The wait by its name.
     *
     * @param name {@code spin}, {@code yield} or {@code block}.
     * @return the wait.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static Wait named(final String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException ex) {
            throw new IllegalArgumentException("unknown wait '" + name + "': use spin, yield or block", ex);
        }
    }

    /**
     * The lower-case name.
     *
     * @return e.g. {@code spin}.
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A strategy that spins or yields: for {@link #SPIN} and {@link #YIELD}, and for retrying a back-pressured
     * send under {@link #BLOCK} (which yields then).
     *
     * @return a new strategy.
     */
    public WaitStrategy spinOrYield() {
        return this == SPIN ? new BusySpinWait() : new YieldingWait();
    }
}
