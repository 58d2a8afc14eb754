package io.shimmy.mirror;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.stress.FuzzedFiles;
import io.shimmy.stress.ShmDir;
import io.shimmy.topic.FuzzedTopicFile;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicStatus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.shimmy.mirror.FrameDescriptor.*;

/**
 * A hostile sender against a real {@link MirrorServer} over loopback TCP: any bytes before or instead of the
 * handshake, or (knowing the secret, as a compromised or broken mirror would) any sequence of frames: OPEN with
 * any parameters, START, WRITE of any length at any position (ring bytes of a real topic, whole records or not),
 * TAIL, RESET, frames for sessions that are not open, frames only the receiver sends, unknown types, ERROR.
 * Invariant: the connection ends with one log line of the receiver (a refusal that names the problem, or the
 * sender's disconnection), no receiver thread throws, and a replica that exists is not marked failed and its
 * subscribers read only whole records: a hostile sender never corrupts a replica.
 */
class MirrorReceiverFuzzTest {
    private static final Path DIR = ShmDir.create("shimmy-fuzz-mirror-");
    private static final List<String> LOG = new CopyOnWriteArrayList<>();
    private static final List<Throwable> UNCAUGHT = HostileFrames.uncaught();
    private static final Shimmy RECEIVING = Shimmy.open(new ShimmyContext().dir(DIR));
    private static final MirrorServer SERVER = new MirrorServer(RECEIVING, new InetSocketAddress("127.0.0.1", 0),
        MirrorTest.context("tcp", LOG).handshakeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300))).start();
    private static final SharedBuffer RING = SharedBuffer.wrap(FuzzedTopicFile.TEMPLATE);
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final int[] TYPES = {OPEN, START, WRITE, TAIL, RESET, HEARTBEAT, WRITE, TAIL, ERROR, ACK, HELLO};

    @FuzzTest(maxDuration = "5m")
    void shouldRefuseAnySenderCleanlyAndNeverCorruptAReplica(final FuzzedDataProvider data) throws Exception {
        final String topic = "replica-" + INPUTS.incrementAndGet();
        HostileFrames.clear(DIR);
        final int before = LOG.size();
        try (Connection connection = Connection.connect(SERVER.address(), 5000, 1 << 20)) {
            if (data.consumeBoolean()) {
                HostileFrames.write(connection, ByteBuffer.wrap(data.consumeBytes(data.consumeInt(0, 8192))));
            } else {
                Handshake.greet(connection, MirrorSecret.of(MirrorTest.SECRET), "tcp", TimeUnit.SECONDS.toNanos(10));
                final int steps = data.consumeInt(0, 24);
                for (int i = 0; i < steps; i++) {
                    step(connection, topic, data);
                }
                connection.flushBlocking(TimeUnit.SECONDS.toNanos(5));
            }
            HostileFrames.drain(connection, TimeUnit.MILLISECONDS.toNanos(data.consumeInt(0, 20)));
        } catch (final IOException refused) {
            // the receiver answered with an ERROR or closed the connection: what it logged is checked below
        }
        awaitEnd(before);
        if (!UNCAUGHT.isEmpty()) {
            throw new AssertionError("a receiver thread threw", UNCAUGHT.get(0));
        }
        if (Files.exists(DIR.resolve(topic))) {
            assertWhole(topic);
        }
    }

    private static void step(final Connection connection, final String topic, final FuzzedDataProvider data)
        throws IOException {
        final int type = data.consumeBoolean() ? data.pickValue(TYPES) : data.consumeInt();
        final int session = data.consumeBoolean() ? 0 : data.consumeInt(-2, InboundConnection.MAX_TOPICS + 1);
        final long a = position(data);
        switch (type) {
            case OPEN -> {
                final byte[] offer = new TopicOffer(topic, new TopicConfig().capacity(FuzzedTopicFile.CAPACITY)
                    .maxMessageLength(FuzzedTopicFile.MAX_MESSAGE).maxPublishers(FuzzedTopicFile.SLOTS)
                    .maxSubscribers(FuzzedTopicFile.SLOTS).lossy(data.consumeBoolean())).encode();
                if (data.consumeBoolean()) {
                    FuzzedFiles.overwrite(offer, data, 0, offer.length);
                }
                connection.send(OPEN, session, data.consumeBoolean() ? 42 : data.consumeLong(),
                    data.consumeBoolean() ? ChannelHeaderDescriptor.LAYOUT_VERSION : data.consumeLong(), 0, offer);
            }
            case WRITE -> {
                final int from = data.consumeInt(0, FuzzedTopicFile.CAPACITY);
                final int length = data.consumeInt(0, FuzzedTopicFile.CAPACITY + 64);
                final byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    bytes[i] = RING.getByte(FuzzedTopicFile.RING + (from + i) % FuzzedTopicFile.CAPACITY);
                }
                if (length >= Long.BYTES && data.consumeBoolean()) {
                    FuzzedFiles.overwrite(bytes, data, 0, length);
                }
                connection.send(WRITE, session, data.consumeBoolean() ? from : a, 0, 0, bytes);
            }
            default -> {
                final byte[] payload = data.consumeBoolean() ? new byte[0] : data.consumeBytes(64);
                connection.send(type, session, a, position(data), position(data), payload);
            }
        }
        if (data.consumeBoolean()) {
            connection.flushBlocking(TimeUnit.SECONDS.toNanos(5));
            HostileFrames.drain(connection, 0);
        }
    }

    /** A position: a record start of the template's ring, another multiple of 32 near it, or anything. */
    private static long position(final FuzzedDataProvider data) {
        switch (data.consumeInt(0, 2)) {
            case 0:
                return 32L * data.consumeInt(-1, 3 * FuzzedTopicFile.CAPACITY / 32);
            case 1:
                return data.consumeInt(-64, 3 * FuzzedTopicFile.CAPACITY);
            default:
                return data.consumeLong();
        }
    }

    /** Waits for the line with which the receiver ends a connection. */
    private static void awaitEnd(final int before) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            // a snapshot: a view of the live list fails once the receiver logs another line
            final List<String> all = List.copyOf(LOG);
            final List<String> lines = all.subList(before, all.size());
            for (final String line : lines) {
                if (line.contains("\n")) {
                    throw new AssertionError("a log line of more than one line: " + line);
                }
                if (line.startsWith("refused sender") || line.startsWith("connection from") ||
                    (line.startsWith("sender") && line.endsWith("disconnected"))) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the receiver did not end the connection within 20 s: " + lines);
            }
            Thread.sleep(1);
        }
    }

    /** Reads the replica from its start: never failed, every record whole. */
    private static void assertWhole(final String topic) {
        if (TopicStatus.read(DIR, topic).failed()) {
            throw new AssertionError("replica " + topic + " was marked failed; log " + LOG);
        }
        try (Subscription subscription = RECEIVING.subscription(topic,
            new SubscriptionConfig().start(StartPosition.EARLIEST))) {
            final int max = subscription.maxMessageLength();
            for (int polls = 0; polls < 1000; polls++) {
                final int n = subscription.poll((buffer, offset, length) -> {
                    if (length < 0 || length > max) {
                        throw new AssertionError("a record of " + length + " bytes in replica " + topic);
                    }
                }, 100);
                if (n < 0) {
                    throw new AssertionError("polling replica " + topic + " returned " + n + "; log " + LOG);
                }
                if (n == 0) {
                    return;
                }
            }
            throw new AssertionError("replica " + topic + " never ends");
        }
    }
}
