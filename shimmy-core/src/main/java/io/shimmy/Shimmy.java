package io.shimmy;

import io.shimmy.region.ChannelName;
import io.shimmy.region.Keepalive;
import io.shimmy.stream.StreamConfig;
import io.shimmy.stream.StreamConnection;
import io.shimmy.stream.StreamListener;
import io.shimmy.stream.StreamOwner;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Replica;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicFile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shimmy in one process: opens publications and subscriptions on topics, and stream listeners and connections, in
 * a channel directory, and keeps their heartbeats. One instance per process is usual; closing it closes everything
 * it opened, including the connections its listeners accepted.
 * <pre>{@code
 * try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(Path.of("/dev/shm/shimmy")));
 *      Publication publication = shimmy.publication("prices");
 *      Subscription subscription = shimmy.subscription("prices")) {
 *     publication.offer(bytes, 0, bytes.length);
 *     subscription.poll((buffer, offset, length) -> handle(buffer, offset, length), 10);
 * }
 * }</pre>
 * <b>Note:</b> thread-safe. Each publication and subscription is used by one thread at a time; see
 * {@link StreamConnection} for the threads a connection allows.
 */
public final class Shimmy implements AutoCloseable {
    private final ShimmyContext context;
    private final Keepalive keepalive = new Keepalive();
    private final Set<AutoCloseable> opened = new LinkedHashSet<>();
    private final Map<String, TopicFile> mapped = new HashMap<>();
    private final StreamOwner streams = new StreamOwner() {
        @Override
        public void opened(final AutoCloseable resource) {
            synchronized (Shimmy.this) {
                if (closed) {
                    throw new ShimmyException("this Shimmy instance is closed; open a new one");
                }
                opened.add(resource);
            }
        }

        @Override
        public void closed(final AutoCloseable resource) {
            synchronized (Shimmy.this) {
                opened.remove(resource);
            }
        }
    };
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
     * Listens on a stream with default options: 1 MiB rings, a 5 s liveness timeout, a backlog of 16.
     *
     * @param stream name of the stream.
     * @return the listener; {@link StreamListener#accept()} returns the connections.
     * @throws ShimmyException if the name has a live listener already or holds another kind of channel.
     */
    public StreamListener listen(final String stream) {
        return listen(stream, new StreamConfig());
    }

    /**
     * Listens on a stream. A listener whose process died or closed is replaced, and connection files of the name
     * that no live process uses are removed.
     *
     * @param stream name of the stream.
     * @param config ring capacity and liveness timeout of the connections, backlog, wait strategy.
     * @return the listener; {@link StreamListener#accept()} returns the connections.
     * @throws ShimmyException if the name has a live listener already or holds another kind of channel.
     */
    public StreamListener listen(final String stream, final StreamConfig config) {
        ensureOpen();
        return StreamListener.listen(context, keepalive, streams, stream, config);
    }

    /**
     * Connects to a stream with default options, waiting up to 10 s for a live listener to accept.
     *
     * @param stream name of the stream.
     * @return the connection.
     * @throws io.shimmy.stream.ConnectTimeoutException if no live listener accepted in time.
     */
    public StreamConnection connect(final String stream) {
        return connect(stream, new StreamConfig());
    }

    /**
     * Connects to a stream, waiting for a live listener to appear and accept, at most the connect timeout.
     *
     * @param stream name of the stream.
     * @param config connect timeout, wait strategy; ring capacity and liveness timeout if not the listener's.
     * @return the connection.
     * @throws io.shimmy.stream.ConnectTimeoutException if no live listener accepted in time.
     */
    public StreamConnection connect(final String stream, final StreamConfig config) {
        ensureOpen();
        return StreamConnection.connect(context, keepalive, streams, stream, config);
    }

    private synchronized void ensureOpen() {
        if (closed) {
            throw new ShimmyException("this Shimmy instance is closed; open a new one");
        }
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
        ensureOpen();
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
        synchronized (this) {
            if (closed) {
                throw new ShimmyException("this Shimmy instance is closed; open a new one");
            }
            final TopicFile reused = mapped.containsKey(topic) ? mapped.get(topic).reuse(config) : null;
            if (reused != null) {
                return reused;
            }
        }
        final TopicFile file =
            TopicFile.open(context.dir(), topic, config, create, context.filePermissions(), context.preTouch());
        synchronized (this) {
            mapped.put(topic, file);
        }
        return file;
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
     * Closes every publication, subscription, listener and connection opened here and stops the keepalive thread.
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
            mapped.clear();
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
