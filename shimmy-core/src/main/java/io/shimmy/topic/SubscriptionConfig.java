package io.shimmy.topic;

import io.shimmy.InvalidConfigurationException;
import io.shimmy.wait.WaitStrategy;

import java.nio.charset.StandardCharsets;

/**
 * Options of one subscription.
 */
public final class SubscriptionConfig {
    private StartPosition start = StartPosition.LATEST;
    private long resumeAt = -1;
    private String name = "";
    private String waitStrategy;

    /**
     * Sets where to start.
     *
     * @param start {@code EARLIEST} or {@code LATEST} (the default).
     * @return this.
     */
    public SubscriptionConfig start(final StartPosition start) {
        this.start = start;
        return this;
    }

    /**
     * Where to start.
     *
     * @return the start position.
     */
    public StartPosition start() {
        return start;
    }

    /**
     * Sets a position to resume at instead of {@link #start()}: a record start this or an earlier subscription
     * reached, such as what a mirror's far side acknowledged. Joining fails with {@link PositionNotHeldException}
     * if the topic no longer holds it, so a loss is never silent. Bytes between the position and the tail at the
     * moment of joining are read as {@code EARLIEST} reads them: checked not to have been overwritten.
     *
     * @param position to resume at, or -1 to use {@link #start()}.
     * @return this.
     */
    public SubscriptionConfig resumeAt(final long position) {
        if (position < -1) {
            throw new InvalidConfigurationException("a resume position must be at least 0 (or -1 for none), got " +
                position);
        }
        this.resumeAt = position;
        return this;
    }

    /**
     * The position to resume at.
     *
     * @return the position, or -1 to start at {@link #start()}.
     */
    public long resumeAt() {
        return resumeAt;
    }

    /**
     * Sets a name shown by {@code shimmy stat}.
     *
     * @param name up to 60 US-ASCII characters.
     * @return this.
     */
    public SubscriptionConfig name(final String name) {
        if (name.length() > TopicDescriptor.SUB_NAME_CAPACITY ||
            !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw new InvalidConfigurationException("subscriber name '" + name + "' must be at most " +
                TopicDescriptor.SUB_NAME_CAPACITY + " US-ASCII characters");
        }
        this.name = name;
        return this;
    }

    /**
     * Sets how a thread polling this subscription waits when idle; see {@link Subscription#newWaitStrategy()}.
     *
     * @param waitStrategy {@code spin}, {@code yield}, {@code backoff} or {@code block}.
     * @return this.
     */
    public SubscriptionConfig waitStrategy(final String waitStrategy) {
        WaitStrategy.named(waitStrategy, timeoutNs -> { });
        this.waitStrategy = waitStrategy;
        return this;
    }

    /**
     * How a polling thread waits when idle; null means the {@code ShimmyContext}'s default.
     *
     * @return the strategy's name, or null.
     */
    public String waitStrategy() {
        return waitStrategy;
    }

    /**
     * The name shown by {@code shimmy stat}.
     *
     * @return the name, maybe empty.
     */
    public String name() {
        return name;
    }
}
