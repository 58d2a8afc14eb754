package io.shimmy.topic;

import io.shimmy.InvalidConfigurationException;

import java.nio.charset.StandardCharsets;

/**
 * Options of one subscription.
 */
public final class SubscriptionConfig {
    private StartPosition start = StartPosition.LATEST;
    private String name = "";

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
     * The name shown by {@code shimmy stat}.
     *
     * @return the name, maybe empty.
     */
    public String name() {
        return name;
    }
}
