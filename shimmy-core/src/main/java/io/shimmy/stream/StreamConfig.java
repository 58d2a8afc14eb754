package io.shimmy.stream;

import io.shimmy.InvalidConfigurationException;
import io.shimmy.wait.WaitStrategy;

import java.util.concurrent.TimeUnit;

/**
 * Options of a listener ({@code Shimmy.listen}) or of a connection ({@code Shimmy.connect}). A listener stores its
 * capacity and liveness timeout as the defaults of the connections it accepts; a connector uses them unless it sets
 * its own.
 * <ul>
 * <li>{@code capacity}: bytes of each ring (one per direction), a power of two from 4 KiB to 512 MiB; default
 * 1 MiB.</li>
 * <li>{@code livenessTimeoutNs}: how long an end may miss heartbeats before the other treats it as dead; default
 * 5 s.</li>
 * <li>{@code backlog}: connection requests a listener holds before it accepts them (1 to 1024); default 16.</li>
 * <li>{@code connectTimeoutNs}: how long {@code connect} waits for a live listener to accept; default 10 s.</li>
 * <li>{@code waitStrategy}: how blocked reads, writes and accepts wait ({@code spin}, {@code yield},
 * {@code backoff} or {@code block}); default the context's.</li>
 * </ul>
 */
public final class StreamConfig {
    /** Default ring capacity per direction: 1 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** Default liveness timeout: 5 s. */
    public static final long DEFAULT_LIVENESS_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    /** Default accept queue length. */
    public static final int DEFAULT_BACKLOG = 16;
    /** Default connect timeout: 10 s. */
    public static final long DEFAULT_CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private Integer capacity;
    private Long livenessTimeoutNs;
    private Integer backlog;
    private Long connectTimeoutNs;
    private String waitStrategy;

    /**
     * Sets the capacity of each ring.
     *
     * @param capacity in bytes: a power of two from 4 KiB to 512 MiB.
     * @return this.
     */
    public StreamConfig capacity(final int capacity) {
        this.capacity = capacity;
        return this;
    }

    /**
     * The capacity of each ring, or the default of 1 MiB.
     *
     * @return bytes.
     */
    public int capacity() {
        return capacity != null ? capacity : DEFAULT_CAPACITY;
    }

    /**
     * Sets how long an end may go without a heartbeat before the other end treats it as dead.
     *
     * @param timeoutNs in nanoseconds, from 10 ms to 1 day.
     * @return this.
     */
    public StreamConfig livenessTimeoutNs(final long timeoutNs) {
        this.livenessTimeoutNs = timeoutNs;
        return this;
    }

    /**
     * The liveness timeout, or the default of 5 s.
     *
     * @return nanoseconds.
     */
    public long livenessTimeoutNs() {
        return livenessTimeoutNs != null ? livenessTimeoutNs : DEFAULT_LIVENESS_TIMEOUT_NS;
    }

    /**
     * Sets how many connection requests a listener holds before it accepts them.
     *
     * @param backlog 1 to 1024.
     * @return this.
     */
    public StreamConfig backlog(final int backlog) {
        this.backlog = backlog;
        return this;
    }

    /**
     * The accept queue length, or the default of 16.
     *
     * @return the count.
     */
    public int backlog() {
        return backlog != null ? backlog : DEFAULT_BACKLOG;
    }

    /**
     * Sets how long {@code connect} waits for a live listener to appear and accept.
     *
     * @param timeoutNs in nanoseconds, at least 0; {@link Long#MAX_VALUE} waits without limit.
     * @return this.
     */
    public StreamConfig connectTimeoutNs(final long timeoutNs) {
        this.connectTimeoutNs = timeoutNs;
        return this;
    }

    /**
     * The connect timeout, or the default of 10 s.
     *
     * @return nanoseconds.
     */
    public long connectTimeoutNs() {
        return connectTimeoutNs != null ? connectTimeoutNs : DEFAULT_CONNECT_TIMEOUT_NS;
    }

    /**
     * Sets how blocked reads, writes and accepts wait.
     *
     * @param waitStrategy {@code spin}, {@code yield}, {@code backoff} or {@code block}.
     * @return this.
     */
    public StreamConfig waitStrategy(final String waitStrategy) {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /**
     * The wait strategy, or null for the context's default.
     *
     * @return its name, or null.
     */
    public String waitStrategy() {
        return waitStrategy;
    }

    boolean capacitySet() {
        return capacity != null;
    }

    boolean livenessTimeoutSet() {
        return livenessTimeoutNs != null;
    }

    /**
     * Checks that the options are within their ranges.
     *
     * @param stream name, for the message.
     * @return this.
     * @throws InvalidConfigurationException naming the option and its allowed range.
     */
    public StreamConfig validate(final String stream) {
        final int cap = capacity();
        if (cap < StreamDescriptor.MIN_CAPACITY || cap > StreamDescriptor.MAX_CAPACITY ||
            Integer.bitCount(cap) != 1) {
            throw new InvalidConfigurationException("stream '" + stream + "': capacity " + cap +
                " is not a power of two from 4k to 512m; choose e.g. 64k, 1m or 16m");
        }
        final long liveness = livenessTimeoutNs();
        if (liveness < TimeUnit.MILLISECONDS.toNanos(10) || liveness > TimeUnit.DAYS.toNanos(1)) {
            throw new InvalidConfigurationException("stream '" + stream + "': liveness timeout of " + liveness +
                " ns must be from 10 ms to 1 day");
        }
        if (backlog() < 1 || backlog() > ListenerDescriptor.MAX_BACKLOG) {
            throw new InvalidConfigurationException("stream '" + stream + "': backlog " + backlog() +
                " must be from 1 to " + ListenerDescriptor.MAX_BACKLOG);
        }
        if (connectTimeoutNs() < 0) {
            throw new InvalidConfigurationException("stream '" + stream + "': connect timeout of " +
                connectTimeoutNs() + " ns must not be negative");
        }
        if (waitStrategy != null) {
            WaitStrategy.named(waitStrategy, timeoutNs -> { });
        }
        return this;
    }
}
