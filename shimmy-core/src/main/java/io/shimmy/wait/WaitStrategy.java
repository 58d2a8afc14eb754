package io.shimmy.wait;

import io.shimmy.InvalidConfigurationException;

import java.util.Locale;

/**
 * What a thread does when a poll found no work. Call {@link #idle(int)} with the work count of every duty cycle:
 * a positive count resets the strategy, zero or a negative code makes it wait a little (more, the longer the thread
 * stays idle).
 * <pre>{@code
 * while (running) {
 *     wait.idle(subscription.poll(handler, 10));
 * }
 * }</pre>
 * <b>Note:</b> instances hold per-thread state: use one per thread.
 */
public interface WaitStrategy {
    /**
     * Waits, or not, after a duty cycle.
     *
     * @param workCount what the cycle did: messages handled, or 0 or a negative code for none.
     */
    void idle(int workCount);

    /**
     * Forgets how long the thread has been idle.
     */
    void reset();

    /** Names accepted by {@link #named(String, Waitable)}. */
    String NAMES = "spin, yield, backoff or block";

    /**
     * A new strategy by the name the CLI uses.
     *
     * @param name {@code spin}, {@code yield}, {@code backoff} or {@code block}.
     * @param waitable what {@code block} sleeps on; ignored by the others.
     * @return a new instance.
     * @throws InvalidConfigurationException for other names.
     */
    static WaitStrategy named(final String name, final Waitable waitable) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "block":
                return new BlockingWait(waitable);
            case "spin":
                return new BusySpinWait();
            case "yield":
                return new YieldingWait();
            case "backoff":
                return new BackoffWait();
            default:
                throw new InvalidConfigurationException("unknown wait strategy '" + name + "': use " + NAMES);
        }
    }
}
