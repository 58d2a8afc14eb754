package io.shimmy.mirror;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.topic.Publication;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mirror protocol end to end in one JVM over loopback, with the tcp transport and the in-process one-sided
 * transport that {@code ucx} and {@code disni} share the logic of.
 */
class MirrorTest {
    static final String SECRET = "correct horse battery staple";

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

    @BeforeEach
    void open() {
        origin = Shimmy.open(new ShimmyContext().dir(originDir));
        receiving = Shimmy.open(new ShimmyContext().dir(replicaDir));
    }

    @AfterEach
    void close() throws InterruptedException {
        for (final MirrorPush push : pushes) {
            push.close();
        }
        for (final Thread thread : threads) {
            thread.join(10_000);
        }
        if (server != null) {
            server.close();
        }
        receiving.close();
        origin.close();
    }

    static MirrorContext context(final String transport, final List<String> log) {
        return new MirrorContext().transport(transport).secret(MirrorSecret.of(SECRET)).log(log::add)
            .retryIntervalNs(TimeUnit.MILLISECONDS.toNanos(200));
    }

    private MirrorServer serve(final String transport) {
        server = new MirrorServer(receiving, new InetSocketAddress("127.0.0.1", 0), context(transport, serverLog))
            .start();
        return server;
    }

    private MirrorPush push(final MirrorContext context, final String... topics) {
        final MirrorPush push = new MirrorPush(origin, server.address(), List.of(topics), context);
        pushes.add(push);
        final Thread thread = new Thread(() -> {
            try {
                push.run();
            } catch (final RuntimeException ex) {
                pushLog.add("run failed: " + ex.getMessage());
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
                        pushLog);
                }
                Thread.sleep(10);
            }
        }
    }

    static void publish(final Publication publication, final long count, final int maxLength,
        final Runnable whileBlocked) {
        final byte[] message = new byte[maxLength];
        for (long sequence = 0; sequence < count; sequence++) {
            final int length = Messages.encode(message, sequence, Messages.length(sequence, maxLength));
            while (publication.offer(message, 0, length) < 0) {
                whileBlocked.run();
            }
        }
    }

    private Messages receive(final Subscription subscription, final long count) {
        final Messages messages = new Messages();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (messages.received() < count && System.nanoTime() < deadline) {
            if (subscription.poll(messages, 100) == 0) {
                Thread.onSpinWait();
            }
        }
        return messages;
    }

    @Test
    void shouldMirrorMessagesInOrderOverTcp() throws Exception {
        serve("tcp");
        final Publication publication = origin.publication("prices", new TopicConfig().capacity(64 * 1024));
        push(context("tcp", pushLog), "prices");
        final Subscription replica = awaitReplica("prices");
        final Thread publisher = new Thread(() -> publish(publication, 20_000, 700, Thread::onSpinWait));
        publisher.start();

        final Messages messages = receive(replica, 20_000);
        publisher.join();

        assertThat(messages.summary()).isEqualTo("received=20000 next=20000 bad=0 outOfOrder=0 duplicates=0");
        assertThat(replica.lostMessages()).isZero();
        assertThat(pushLog).noneMatch(line -> line.contains("lost"));
    }
}
