package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.Keepalive;
import io.shimmy.stress.ShmDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One small topic for one jcstress state: a real topic file created on the tmpfs and unlinked at once (the mapping
 * stays, and the garbage collector releases it with the state), with publications and subscriptions on it.
 * <p>
 * Heartbeats are written by the test, never by a thread: each topic has a {@link Keepalive} that is closed before
 * anything registers, so slots keep the heartbeat they got on joining (fresh for the liveness timeout, one day unless
 * a test asks otherwise) or the one a test writes.
 */
final class StressTopic {
    /** Ring capacity of the topics: the smallest allowed, so that laps are cheap. */
    static final int CAPACITY = 4096;
    /** Liveness timeout of topics whose tests do not evict. */
    static final long NEVER_STALE_NS = 86_400_000_000_000L;

    private static final Path DIR = ShmDir.create("shimmy-jcstress-");
    private static final AtomicLong NAMES = new AtomicLong();

    final TopicFile file;
    final SharedBuffer buffer;
    private final Keepalive keepalive = new Keepalive();

    StressTopic(final TopicConfig config) {
        this(config, false);
    }

    private StressTopic(final TopicConfig config, final boolean replica) {
        keepalive.close();
        final String name = "t" + NAMES.incrementAndGet();
        file = replica ? TopicFile.openReplica(DIR, name, config, PosixFilePermissions.fromString("rw-------"), false) :
            TopicFile.open(DIR, name, config, true, PosixFilePermissions.fromString("rw-------"), false);
        buffer = file.buffer();
        try {
            Files.delete(DIR.resolve(name));
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    StressTopic(final boolean lossy) {
        this(new TopicConfig().capacity(CAPACITY).maxMessageLength(CAPACITY / 8).lossy(lossy)
            .livenessTimeoutNs(NEVER_STALE_NS).maxPublishers(4).maxSubscribers(4));
    }

    /**
     * A replica of this topic (same parameters), as a mirror's receiver creates it.
     *
     * @return the replica's topic; its writer is {@link #replicaWriter()}.
     */
    StressTopic replicaOf() {
        return new StressTopic(file.config(), true);
    }

    /**
     * Takes the writer's place of this replica, for an origin of incarnation 42, started at position 0.
     *
     * @return the writer.
     */
    Replica replicaWriter() {
        final Replica replica = new Replica(file, keepalive, 42);
        if (replica.reset(0) != 0) {
            throw new IllegalStateException("could not start the replica");
        }
        return replica;
    }

    Publication publication() {
        return new Publication(file, keepalive);
    }

    Subscription subscription(final StartPosition start) {
        return new Subscription(file, keepalive, new SubscriptionConfig().start(start), "spin");
    }

    /**
     * Publishes until the offer succeeds or {@code tries} offers were back-pressured.
     *
     * @return the position after the message, or the last negative code.
     */
    static long offer(final Publication publication, final byte[] message, final int length, final int tries) {
        long result = Publication.BACK_PRESSURED;
        for (int i = 0; i < tries && result == Publication.BACK_PRESSURED; i++) {
            result = publication.offer(message, 0, length);
        }
        return result;
    }
}
