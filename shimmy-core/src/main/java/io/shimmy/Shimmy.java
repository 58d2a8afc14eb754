package io.shimmy;

import io.shimmy.region.ChannelName;
import io.shimmy.region.Keepalive;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Replica;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicFile;

import java.util.ArrayList;
import java.util.List;

/**
 * Shimmy in one process: opens publications and subscriptions on topics in a channel directory, and keeps their
 * heartbeats. One instance per process is usual; closing it closes everything it opened.
 * <pre>{@code
 * try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(Path.of("/dev/shm/shimmy")));
 *      Publication publication = shimmy.publication("prices");
 *      Subscription subscription = shimmy.subscription("prices")) {
 *     publication.offer(bytes, 0, bytes.length);
 *     subscription.poll((buffer, offset, length) -> handle(buffer, offset, length), 10);
 * }
 * }</pre>
 * <b>Note:</b> thread-safe. Each publication and subscription is used by one thread at a time.
 */
public final class Shimmy implements AutoCloseable {
    private final ShimmyContext context;
    private final Keepalive keepalive = new Keepalive();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private boolean closed;

    private Shimmy(final ShimmyContext context) {
        this.context = context;
    }

    /**
     * Opens an instance with the default context.
     *
     * @return the instance.
     */
    public static Shimmy open() {
        return open(new ShimmyContext());
    }

    /**
     * Opens an instance.
     *
     * @param context configuration, concluded here.
     * @return the instance.
     */
    public static Shimmy open(final ShimmyContext context) {
        return new Shimmy(context.conclude());
    }

    /**
     * Opens a publication on a topic, creating the topic with default options if it does not exist.
     *
     * @param topic name of the topic.
     * @return the publication.
     */
    public Publication publication(final String topic) {
        return publication(topic, new TopicConfig());
    }

    /**
     * Opens a publication on a topic, creating the topic if it does not exist.
     *
     * @param topic name of the topic.
     * @param config options to create it with; those set must match an existing topic.
     * @return the publication.
     * @throws IncompatibleChannelException if the topic exists with other options.
     */
    public Publication publication(final String topic, final TopicConfig config) {
        final TopicFile file = openTopic(topic, config, true);
        return register(() -> new Publication(file, keepalive), file);
    }

    /**
     * Subscribes to an existing topic from the latest position.
     *
     * @param topic name of the topic.
     * @return the subscription.
     * @throws ChannelNotFoundException if the topic does not exist.
     */
    public Subscription subscription(final String topic) {
        return subscription(topic, new SubscriptionConfig());
    }

    /**
     * Subscribes to an existing topic.
     *
     * @param topic name of the topic.
     * @param config where to start and the name shown by {@code shimmy stat}.
     * @return the subscription.
     * @throws ChannelNotFoundException if the topic does not exist.
     */
    public Subscription subscription(final String topic, final SubscriptionConfig config) {
        final TopicFile file = openTopic(topic, null, false);
        return register(() -> new Subscription(file, keepalive, config, context.waitStrategy()), file);
    }

    /**
     * Subscribes to a topic, creating it with the given options if it does not exist yet.
     *
     * @param topic name of the topic.
     * @param topicConfig options to create it with; those set must match an existing topic.
     * @param config where to start and the name shown by {@code shimmy stat}.
     * @return the subscription.
     */
    public Subscription subscription(final String topic, final TopicConfig topicConfig,
        final SubscriptionConfig config) {
        final TopicFile file = openTopic(topic, topicConfig, true);
        return register(() -> new Subscription(file, keepalive, config, context.waitStrategy()), file);
    }

    /**
     * Opens a mirror's replica of a remote topic for writing, creating it if it does not exist: the receiving side
     * of a mirror. Local subscribers read it with {@link #subscription(String)}; local publishers are refused.
     *
     * @param topic name of the topic.
     * @param origin the origin's parameters, every one of them set ({@code Subscription.topicConfig()} there).
     * @param incarnation of the origin topic ({@code Subscription.incarnation()} there), not 0.
     * @return the replica's writer.
     * @throws IncompatibleChannelException if a topic of that name exists that is not a replica of this origin
     *     with these parameters.
     * @throws ChannelLimitException if another live mirror writes the replica.
     */
    public Replica replica(final String topic, final TopicConfig origin, final long incarnation) {
        ChannelName.validate(topic);
        checkOpen();
        final TopicFile file = TopicFile.openReplica(context.dir(), topic, origin, context.filePermissions(),
            context.preTouch());
        return register(() -> new Replica(file, keepalive, incarnation), file);
    }

    /**
     * The configuration.
     *
     * @return the concluded context.
     */
    public ShimmyContext context() {
        return context;
    }

    private TopicFile openTopic(final String topic, final TopicConfig config, final boolean create) {
        ChannelName.validate(topic);
        checkOpen();
        return TopicFile.open(context.dir(), topic, config, create, context.filePermissions(), context.preTouch());
    }

    private synchronized void checkOpen() {
        if (closed) {
            throw new ShimmyException("this Shimmy instance is closed; open a new one");
        }
    }

    private interface Opener<T> {
        T open();
    }

    private synchronized <T extends AutoCloseable> T register(final Opener<T> opener, final TopicFile file) {
        try {
            final T resource = opener.open();
            opened.add(resource);
            return resource;
        } catch (final RuntimeException ex) {
            file.close();
            throw ex;
        }
    }

    /**
     * Closes every publication and subscription opened here and stops the keepalive thread.
     */
    @Override
    public void close() {
        final List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(opened);
            opened.clear();
        }
        for (final AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (final Exception ignore) {
                // closing a publication or subscription does not fail
            }
        }
        keepalive.close();
    }
}
