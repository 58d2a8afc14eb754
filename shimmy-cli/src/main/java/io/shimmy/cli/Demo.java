package io.shimmy.cli;

import io.shimmy.topic.TopicConfig;
import io.shimmy.wait.BackoffWait;
import io.shimmy.wait.WaitStrategy;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the demo's processes share: topic names and the message layout. Every message is {@link #MESSAGE_LENGTH}
 * bytes: a type ({@code long} at 0) and a value ({@code long} at 8), the rest zero.
 * <ul>
 * <li>{@link #PING}: the pong process echoes it unchanged on {@link #PONG_TOPIC}; the value is a sequence number.</li>
 * <li>{@link #BURST}: the pong process only counts it.</li>
 * <li>{@link #END}: the value is how many bursts were sent; the pong process answers {@code END} with how many it
 * received, then exits.</li>
 * </ul>
 */
final class Demo {
    /** Topic the ping process publishes and the pong process reads. */
    static final String PING_TOPIC = "demo-ping";
    /** Topic the pong process publishes and the ping process reads. */
    static final String PONG_TOPIC = "demo-pong";
    /** Length of every message. */
    static final int MESSAGE_LENGTH = 32;
    /** Offset of the type. */
    static final int TYPE_OFFSET = 0;
    /** Offset of the value. */
    static final int VALUE_OFFSET = 8;
    /** A timed message to echo. */
    static final long PING = 1;
    /** A message of the one-way burst. */
    static final long BURST = 2;
    /** The end of the burst. */
    static final long END = 3;
    /** Idle polls that spin before a waiting child starts to yield its core. */
    static final int SPINS = 20_000;
    /** Idle polls that yield before a waiting child parks. */
    static final int YIELDS = 1_000_000;
    /** How often the children look whether the demo process is still there. */
    static final long PARENT_CHECK_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private Demo() {
    }

    /**
     * How both topics are created.
     *
     * @return the configuration.
     */
    static TopicConfig topicConfig() {
        return new TopicConfig().capacity(1 << 20).maxMessageLength(MESSAGE_LENGTH);
    }

    /**
     * How the children wait: spin, for the lowest latency on an idle machine, then yield, so that on a busy one
     * (fewer free cores than spinning processes) the other side gets the core within microseconds rather than at
     * the end of a scheduler time slice.
     *
     * @return a new strategy.
     */
    static WaitStrategy waitStrategy() {
        return new BackoffWait(SPINS, YIELDS, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
    }

    /**
     * Whether the demo process that started this child is still running.
     *
     * @param parentPid its pid, or 0 if unknown.
     * @return false once it is gone.
     */
    static boolean parentAlive(final long parentPid) {
        if (parentPid <= 0) {
            return true;
        }
        final Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
        return parent.isPresent() && parent.get().isAlive();
    }

    /**
     * A percentile of sorted values: the smallest value that at least a fraction {@code q} of them do not exceed.
     *
     * @param sorted values in ascending order.
     * @param count how many of them to consider, at least 1.
     * @param q the fraction, from 0 to 1.
     * @return the value.
     */
    static long percentile(final long[] sorted, final int count, final double q) {
        final int rank = (int)Math.ceil(q * count);
        return sorted[Math.max(0, Math.min(count - 1, rank - 1))];
    }
}
