package io.shimmy.mirror;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.topic.Publication;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mirror protocol in one JVM over loopback: the one-sided logic with writes that land in any order, hostile
 * peers, refusals, lossy topics and reconnects.
 */
class MirrorProtocolTest {
    @TempDir
    Path originDir;
    @TempDir
    Path replicaDir;
    private Shimmy origin;
    private Shimmy receiving;
    private MirrorServer server;
    private final List<String> serverLog = new CopyOnWriteArrayList<>();
    private final List<String> pushLog = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<MirrorPush> pushes = new CopyOnWriteArrayList<>();
    private final AtomicReference<RuntimeException> pushFailure = new AtomicReference<>();

    @BeforeEach
    void open() {
        origin = Shimmy.open(new ShimmyContext().dir(originDir));
        receiving = Shimmy.open(new ShimmyContext().dir(replicaDir));
    }

    @AfterEach
    void close() throws InterruptedException {
        pushes.forEach(MirrorPush::close);
        for (final Thread thread : threads) {
            thread.join(10_000);
        }
        if (server != null) {
            server.close();
        }
        receiving.close();
        origin.close();
    }

    private static MirrorContext context(final String transport, final List<String> log) {
        final MirrorContext context = MirrorTest.context(transport, log).handshakeTimeoutNs(
            TimeUnit.SECONDS.toNanos(1));
        return LoopbackTransport.NAME.equals(transport) ? context.transport(transport, LoopbackTransport::new) :
            context;
    }

    private void serve(final String transport, final int port) {
        server = new MirrorServer(receiving, new InetSocketAddress("127.0.0.1", port), context(transport, serverLog))
            .start();
    }

    /** Binds the port a receiver had, again; another process of the machine may hold it for a moment. */
    private void serveAgain(final int port) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                serve("tcp", port);
                return;
            } catch (final ShimmyException ex) {
                if (System.nanoTime() > deadline) {
                    throw ex;
                }
                Thread.sleep(50);
            }
        }
    }

    private MirrorPush push(final String transport, final String topic) {
        final MirrorPush push = new MirrorPush(origin, server.address(), List.of(topic), context(transport, pushLog));
        pushes.add(push);
        final Thread thread = new Thread(() -> {
            try {
                push.run();
            } catch (final RuntimeException ex) {
                pushFailure.set(ex);
            }
        }, "test-push");
        threads.add(thread);
        thread.start();
        return push;
    }

    private Subscription awaitReplica(final String topic) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return receiving.subscription(topic, new SubscriptionConfig().start(StartPosition.EARLIEST));
            } catch (final ChannelNotFoundException ex) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no replica of " + topic + "; server log " + serverLog + ", push log " +
                        pushLog + ", push failure " + pushFailure.get());
                }
                Thread.sleep(5);
            }
        }
    }

    private static Messages receive(final Subscription subscription, final long count) {
        final Messages messages = new Messages();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (messages.next() < count && System.nanoTime() < deadline) {
            if (subscription.poll(messages, 100) == 0) {
                Thread.yield();
            }
        }
        return messages;
    }

    private Thread publisher(final Publication publication, final long count, final int maxLength) {
        final Thread thread = new Thread(() -> MirrorTest.publish(publication, count, maxLength, Thread::yield));
        thread.start();
        threads.add(thread);
        return thread;
    }

    @Test
    void shouldMirrorOverOneSidedWritesThatLandInAnyOrder() throws Exception {
        serve(LoopbackTransport.NAME, 0);
        final Publication publication = origin.publication("prices", new TopicConfig().capacity(64 * 1024));
        push(LoopbackTransport.NAME, "prices");
        final Subscription replica = awaitReplica("prices");
        publisher(publication, 20_000, 2000);

        final Messages messages = receive(replica, 20_000);

        assertThat(messages.summary()).isEqualTo("received=20000 next=20000 bad=0 outOfOrder=0 duplicates=0");
        assertThat(replica.lostBytes()).isZero();
    }

    @Test
    void shouldLetASubscriberJoinAReplicaWhileItStreamsWithoutLosingWhatItHolds() throws Exception {
        serve("tcp", 0);
        final int capacity = 64 * 1024;
        final Publication publication = origin.publication("prices", new TopicConfig().capacity(capacity));
        push("tcp", "prices");
        final Thread writer = publisher(publication, 100_000, 300);
        final Subscription first = awaitReplica("prices");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Topics.replicaTail(replicaDir, "prices") < 4L * capacity && System.nanoTime() < deadline) {
            first.poll((buffer, offset, length) -> { }, 100);
        }

        final Subscription late = receiving.subscription("prices",
            new SubscriptionConfig().start(StartPosition.EARLIEST));
        final long joinedAt = late.position();
        final Messages messages = new Messages();
        while (messages.next() < 100_000 && System.nanoTime() < deadline) {
            late.poll(messages, 100);
            first.poll((buffer, offset, length) -> { }, 100);
        }

        assertThat(joinedAt).isLessThan(Topics.replicaTail(replicaDir, "prices"));
        assertThat(late.lostBytes()).isZero();
        assertThat(messages.bad()).isZero();
        assertThat(messages.duplicates()).isZero();
        assertThat(messages.outOfOrder()).as("only the first message is after a gap").isLessThanOrEqualTo(1);
        assertThat(messages.next()).isEqualTo(100_000);
    }

    @Test
    void shouldResumeWithoutLossOrDuplicatesWhenTheReceiverComesBack() throws Exception {
        serve("tcp", 0);
        final int port = server.address().getPort();
        final Publication publication = origin.publication("prices", new TopicConfig().capacity(64 * 1024));
        push("tcp", "prices");
        final Subscription replica = awaitReplica("prices");
        publisher(publication, 30_000, 500);
        final Messages messages = new Messages();
        while (messages.next() < 5000) {
            replica.poll(messages, 100);
        }

        server.close();
        serveAgain(port);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (messages.next() < 30_000 && System.nanoTime() < deadline) {
            replica.poll(messages, 100);
        }

        assertThat(messages.summary()).as(serverLog + " " + pushLog)
            .isEqualTo("received=30000 next=30000 bad=0 outOfOrder=0 duplicates=0");
        assertThat(serverLog).anyMatch(line -> line.contains("resumed at position"));
        assertThat(pushLog).anyMatch(line -> line.contains("trying again")).noneMatch(line -> line.contains("lost"));
    }

    @Test
    void shouldMirrorALossyTopicLossilyButNeverOutOfOrderOrTwice() throws Exception {
        serve("tcp", 0);
        final Publication publication = origin.publication("ticks", new TopicConfig().capacity(64 * 1024)
            .lossy(true));
        push("tcp", "ticks");
        final Subscription replica = awaitReplica("ticks");
        final java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        final Thread writer = new Thread(() -> {
            final byte[] message = new byte[200];
            for (long sequence = 0; running.get(); sequence++) {
                publication.offer(message, 0, Messages.encode(message, sequence, Messages.length(sequence, 200)));
                if (sequence % 16 == 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            }
        });
        writer.start();
        threads.add(writer);
        final Messages messages = new Messages();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (messages.received() < 20_000 && System.nanoTime() < deadline) {
            replica.poll(messages, 100);
        }
        running.set(false);
        writer.join();

        assertThat(messages.received()).isGreaterThanOrEqualTo(20_000);
        assertThat(messages.bad()).isZero();
        assertThat(messages.duplicates()).isZero();
    }

    @Test
    void shouldFailThePushWhenTheReceiverRefusesATopicForGood() throws Exception {
        try (Publication local = receiving.publication("prices", new TopicConfig().capacity(4096))) {
            serve("tcp", 0);
            origin.publication("prices", new TopicConfig().capacity(8192));
            push("tcp", "prices");
            for (final Thread thread : threads) {
                thread.join(30_000);
            }

            assertThat(pushFailure.get()).isInstanceOf(MirrorException.class)
                .hasMessageContaining("refused topic 'prices'").hasMessageContaining("capacity");
            assertThat(local.offer(new byte[8], 0, 8)).isPositive();
        }
    }

    @Test
    void shouldRefuseASenderWithAnotherSecret() throws Exception {
        serve("tcp", 0);
        origin.publication("prices");
        final MirrorPush push = new MirrorPush(origin, server.address(), List.of("prices"),
            MirrorTest.context("tcp", pushLog).secret(MirrorSecret.of("another secret of enough length")));
        pushes.add(push);
        final Thread thread = new Thread(() -> {
            try {
                push.run();
            } catch (final RuntimeException ex) {
                pushFailure.set(ex);
            }
        });
        thread.start();
        thread.join(30_000);

        assertThat(pushFailure.get()).isInstanceOf(MirrorException.class)
            .hasMessageContaining("cannot mirror to").hasMessageContaining("did not prove the shared secret");
        assertThat(Files.exists(replicaDir.resolve("prices"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "wrong-secret  | did not prove the shared secret",
        "garbage       | frame of length",
        "truncated     | sent no HELLO within",
        "bad-transport | transport 'smoke'",
        "bad-params    | impossible topic",
        "out-of-range  | outside what it was granted",
        "bad-tail      | not whole committed records",
        "huge-frame    | frame of length"})
    void shouldRefuseAHostilePeerWithOneLogLineAndKeepTheReplicaIntact(final String mode, final String logged)
        throws Exception {
        serve("tcp", 0);

        final String answer = HostilePeer.attack(server.address(), mode, "tcp");

        assertThat(answer).doesNotContain("accepted").doesNotContain("still open");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (serverLog.stream().noneMatch(line -> line.startsWith("refused")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(serverLog.stream().filter(line -> line.startsWith("refused"))).singleElement().asString()
            .contains(logged);
        if (Files.exists(replicaDir.resolve(HostilePeer.TOPIC))) {
            final TopicStatus status = TopicStatus.read(replicaDir, HostilePeer.TOPIC);
            assertThat(status.failed()).isFalse();
            try (Subscription reader = receiving.subscription(HostilePeer.TOPIC,
                new SubscriptionConfig().start(StartPosition.EARLIEST))) {
                assertThat(reader.poll((buffer, offset, length) -> { }, 10)).isZero();
            }
        }
        final Publication publication = origin.publication("after", new TopicConfig().capacity(64 * 1024));
        push("tcp", "after");
        final Subscription replica = awaitReplica("after");
        publisher(publication, 1000, 100);
        assertThat(receive(replica, 1000).summary())
            .isEqualTo("received=1000 next=1000 bad=0 outOfOrder=0 duplicates=0");
    }
}
