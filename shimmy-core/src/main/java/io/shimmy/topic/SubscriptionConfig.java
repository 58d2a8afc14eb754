package io.shimmy.topic;

import io.shimmy.InvalidConfigurationException;
import io.shimmy.wait.WaitStrategy;

import java.nio.charset.StandardCharsets;

/**
 * Options of one subscription.
 */
public final class SubscriptionConfig {
    private StartPosition start = StartPosition.LATEST;
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
