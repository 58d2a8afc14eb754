package io.shimmy.topic;

import io.shimmy.InvalidConfigurationException;

import java.util.concurrent.TimeUnit;

/**
 * How a topic is created, and what an opener requires of an existing one. Options left unset take defaults when
 * the topic is created and are not checked when it is opened; options that are set must match an existing topic,
 * or opening fails with an {@link io.shimmy.IncompatibleChannelException} naming both values.
 */
public final class TopicConfig {
    /** Default ring capacity: 1 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** Default liveness timeout: 5 s. */
    public static final long DEFAULT_LIVENESS_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    /** Default number of publisher slots. */
    public static final int DEFAULT_MAX_PUBLISHERS = 32;
    /** Default number of subscriber slots. */
    public static final int DEFAULT_MAX_SUBSCRIBERS = 64;

    private Integer capacity;
    private Integer maxMessageLength;
    private Boolean lossy;
    private Long livenessTimeoutNs;
    private Long unblockTimeoutNs;
    private Integer maxPublishers;
    private Integer maxSubscribers;

    /**
     * Sets the ring capacity.
     *
     * @param capacity in bytes: a power of two from 4 KiB to 1 GiB.
     * @return this.
     */
    public TopicConfig capacity(final int capacity) {
        this.capacity = capacity;
        return this;
    }

    /**
     * The ring capacity, or the default.
     *
     * @return bytes.
     */
    public int capacity() {
        return capacity != null ? capacity : DEFAULT_CAPACITY;
    }

    /**
     * Sets the longest message.
     *
     * @param maxMessageLength in bytes: 1 to capacity / 8.
     * @return this.
     */
    public TopicConfig maxMessageLength(final int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
        return this;
    }

    /**
     * The longest message, or the default: capacity / 8.
     *
     * @return bytes.
     */
    public int maxMessageLength() {
        return maxMessageLength != null ? maxMessageLength : capacity() / 8;
    }

    /**
     * Sets whether publishers may overwrite what slow subscribers have not read.
     *
     * @param lossy true for a lossy topic.
     * @return this.
     */
    public TopicConfig lossy(final boolean lossy) {
        this.lossy = lossy;
        return this;
    }

    /**
     * Whether the topic is lossy; default false (reliable).
     *
     * @return true if lossy.
     */
    public boolean lossy() {
        return lossy != null && lossy;
    }

    /**
     * Sets how long a publisher or subscriber may go without a heartbeat before others treat it as gone.
     *
     * @param timeoutNs in nanoseconds, at least 10 ms.
     * @return this.
     */
    public TopicConfig livenessTimeoutNs(final long timeoutNs) {
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
     * Sets how long a claimed but uncommitted record may hold subscribers up before they reclaim it as padding.
     * A publisher thread stalled in the middle of a write for longer than this loses that message (and, if its
     * process keeps writing after the stall, may damage a later one): keep it well above any pause you expect.
     *
     * @param timeoutNs in nanoseconds, at least 10 ms.
     * @return this.
     */
    public TopicConfig unblockTimeoutNs(final long timeoutNs) {
        this.unblockTimeoutNs = timeoutNs;
        return this;
    }

    /**
     * The unblock timeout, or the default: the liveness timeout.
     *
     * @return nanoseconds.
     */
    public long unblockTimeoutNs() {
        return unblockTimeoutNs != null ? unblockTimeoutNs : livenessTimeoutNs();
    }

    /**
     * Sets the number of publisher slots.
     *
     * @param maxPublishers 1 to 255.
     * @return this.
     */
    public TopicConfig maxPublishers(final int maxPublishers) {
        this.maxPublishers = maxPublishers;
        return this;
    }

    /**
     * The number of publisher slots, or the default of 32.
     *
     * @return the count.
     */
    public int maxPublishers() {
        return maxPublishers != null ? maxPublishers : DEFAULT_MAX_PUBLISHERS;
    }

    /**
     * Sets the number of subscriber slots.
     *
     * @param maxSubscribers 1 to 4096.
     * @return this.
     */
    public TopicConfig maxSubscribers(final int maxSubscribers) {
        this.maxSubscribers = maxSubscribers;
        return this;
    }

    /**
     * The number of subscriber slots, or the default of 64.
     *
     * @return the count.
     */
    public int maxSubscribers() {
        return maxSubscribers != null ? maxSubscribers : DEFAULT_MAX_SUBSCRIBERS;
    }

    boolean capacitySet() {
        return capacity != null;
    }

    boolean maxMessageLengthSet() {
        return maxMessageLength != null;
    }

    boolean lossySet() {
        return lossy != null;
    }

    boolean livenessTimeoutSet() {
        return livenessTimeoutNs != null;
    }

    boolean unblockTimeoutSet() {
        return unblockTimeoutNs != null;
    }

    boolean maxPublishersSet() {
        return maxPublishers != null;
    }

    boolean maxSubscribersSet() {
        return maxSubscribers != null;
    }

    /**
     * Checks that the options can make a topic.
     *
     * @param topic name, for the message.
     * @return this.
     * @throws InvalidConfigurationException naming the option and its allowed range.
     */
    public TopicConfig validate(final String topic) {
        final int cap = capacity();
        if (cap < TopicDescriptor.MIN_CAPACITY || cap > TopicDescriptor.MAX_CAPACITY || Integer.bitCount(cap) != 1) {
            throw new InvalidConfigurationException("topic '" + topic + "': capacity " + cap +
                " is not a power of two from 4k to 1g; choose e.g. 64k, 1m or 16m");
        }
        final int max = maxMessageLength();
        if (max < 1 || max > cap / 8) {
            throw new InvalidConfigurationException("topic '" + topic + "': max message length " + max +
                " must be from 1 to capacity/8 = " + cap / 8 + "; raise the capacity to at least " +
                Math.max(TopicDescriptor.MIN_CAPACITY, Integer.highestOneBit(Math.max(1, max - 1)) * 16L) +
                " or send smaller messages");
        }
        checkTimeout(topic, "liveness timeout", livenessTimeoutNs());
        checkTimeout(topic, "unblock timeout", unblockTimeoutNs());
        if (maxPublishers() < 1 || maxPublishers() > TopicDescriptor.MAX_PUBLISHERS_LIMIT) {
            throw new InvalidConfigurationException("topic '" + topic + "': max publishers " + maxPublishers() +
                " must be from 1 to " + TopicDescriptor.MAX_PUBLISHERS_LIMIT);
        }
        if (maxSubscribers() < 1 || maxSubscribers() > TopicDescriptor.MAX_SUBSCRIBERS_LIMIT) {
            throw new InvalidConfigurationException("topic '" + topic + "': max subscribers " + maxSubscribers() +
                " must be from 1 to " + TopicDescriptor.MAX_SUBSCRIBERS_LIMIT);
        }
        return this;
    }

    private static void checkTimeout(final String topic, final String what, final long ns) {
        if (ns < TimeUnit.MILLISECONDS.toNanos(10) || ns > TimeUnit.DAYS.toNanos(1)) {
            throw new InvalidConfigurationException("topic '" + topic + "': " + what + " of " + ns +
                " ns must be from 10 ms to 1 day");
        }
    }
}
