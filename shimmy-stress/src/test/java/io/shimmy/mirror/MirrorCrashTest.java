package io.shimmy.mirror;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.topic.ChildJvm;
import io.shimmy.topic.Publication;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL of the pushing mirror at random points (while it ships regions, waits for acknowledgements, flushes,
 * or is still connecting), then a new mirror in its place, {@code shimmy.crash.rounds} times (default 3; the full
 * run uses 100, see docs/reliability.md), while a publisher of the test's JVM writes checksummed, numbered
 * messages of mixed lengths to a reliable topic and a subscriber of its replica on the receiving side reads them.
 * Afterwards the replica's subscriber has every message, whole, once and in order; no mirror logged a loss; the
 * replica was never marked failed.
 */
@Timeout(value = 2, unit = TimeUnit.HOURS)
class MirrorCrashTest {
    private static final int ROUNDS = Integer.getInteger("shimmy.crash.rounds", 3);
    private static final String TOPIC = "mirrored";
    private static final int MAX_LENGTH = 700;
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path originDir;
    @TempDir
    Path replicaDir;
    private final Random random = new Random();
    private final List<String> serverLog = new CopyOnWriteArrayList<>();

    @Test
    void shouldMirrorEveryMessageOnceAndWholeAcrossMirrorsKilledAtRandom() throws Exception {
        // the liveness timeout outlasts a mirror's restart, so the dead one's subscription holds the publisher
        // until its successor resumes from the replica's tail
        final TopicConfig config = new TopicConfig().capacity(64 * 1024).maxMessageLength(1024)
            .maxSubscribers(16).livenessTimeoutNs(TimeUnit.SECONDS.toNanos(20));
        final AtomicLong published = new AtomicLong();
        try (Shimmy origin = Shimmy.open(new ShimmyContext().dir(originDir));
             Shimmy receiving = Shimmy.open(new ShimmyContext().dir(replicaDir));
             MirrorServer server = new MirrorServer(receiving, new InetSocketAddress("127.0.0.1", 0),
                 MirrorTest.context("tcp", serverLog)).start();
             Publication publication = origin.publication(TOPIC, config)) {
            final String port = String.valueOf(server.address().getPort());
            final List<String> childLogs = new CopyOnWriteArrayList<>();
            final Messages messages = new Messages();
            final Thread publisher = new Thread(() -> publishUntilInterrupted(publication, published),
                "crash-publisher");
            publisher.setDaemon(true);
            final AtomicLong wanted = new AtomicLong(Long.MAX_VALUE);
            int connectedKills = 0;
            try (ChildJvm first = ChildJvm.start(MirrorCrashChild.class, originDir.toString(), port, TOPIC);
                 Subscription replica = awaitReplica(receiving, first)) {
                // the replica's subscriber reads from the first message on: it holds the replica's ring, and so
                // the origin's publisher, back to what it has read
                final Thread reader = new Thread(() -> {
                    while (messages.received() < wanted.get()) {
                        if (replica.poll(messages, 100) <= 0) {
                            Thread.onSpinWait();
                        }
                    }
                }, "crash-replica-reader");
                reader.setDaemon(true);
                reader.start();
                publisher.start();
                Thread.sleep(random.nextInt(1000));
                first.kill();
                childLogs.add(first.describe());
                for (int round = 2; round <= ROUNDS; round++) {
                    try (ChildJvm child = ChildJvm.start(MirrorCrashChild.class, originDir.toString(), port, TOPIC)) {
                        if (random.nextInt(4) > 0) {
                            child.awaitLine("READY", START);
                            connectedKills++;
                            Thread.sleep(random.nextInt(1000));
                        } else {
                            Thread.sleep(random.nextInt(1500));
                        }
                        child.kill();
                        childLogs.add(child.describe());
                    }
                }
                publisher.interrupt();
                publisher.join(TimeUnit.SECONDS.toMillis(30));
                wanted.set(published.get());
                try (ChildJvm last = ChildJvm.start(MirrorCrashChild.class, originDir.toString(), port, TOPIC)) {
                    last.awaitLine("READY", START);
                    reader.join(TimeUnit.SECONDS.toMillis(120));
                    childLogs.add(last.describe());
                }
                assertThat(reader.isAlive()).as("the replica's subscriber got all %d messages in time; it has %s " +
                    "and lost %d (a subscriber starved past the liveness timeout is evicted and may be lapped); " +
                    "server log %s", wanted.get(), messages.summary(), replica.lostMessages(), serverLog).isFalse();
                assertThat(replica.lostMessages()).as("messages the replica's subscriber lost").isZero();
            }
            final long total = wanted.get();
            assertThat(messages.summary()).as("server log %s", serverLog)
                .isEqualTo("received=" + total + " next=" + total + " bad=0 outOfOrder=0 duplicates=0");
            assertThat(childLogs).noneMatch(log -> log.contains("lost"));
            assertThat(TopicStatus.read(replicaDir, TOPIC).failed()).isFalse();
            System.out.println("crash suite: " + ROUNDS + " mirrors killed (" + (connectedKills + 1) + " of them " +
                "connected and shipping), " + total + " messages mirrored whole, once and in order");
        }
    }

    private static void publishUntilInterrupted(final Publication publication, final AtomicLong published) {
        final byte[] message = new byte[MAX_LENGTH];
        for (long sequence = 0; !Thread.currentThread().isInterrupted(); sequence++) {
            final int length = Messages.encode(message, sequence, Messages.length(sequence, MAX_LENGTH));
            while (publication.offer(message, 0, length) < 0) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                Thread.onSpinWait();
            }
            published.set(sequence + 1);
        }
    }

    private Subscription awaitReplica(final Shimmy receiving, final ChildJvm mirror) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return receiving.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.EARLIEST));
            } catch (final io.shimmy.ChannelNotFoundException ex) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no replica of " + TOPIC + "; server log " + serverLog + "; " +
                        mirror.describe());
                }
                Thread.sleep(10);
            }
        }
    }
}
