package io.shimmy.mirror;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.stress.ShmDir;
import io.shimmy.topic.Publication;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicStatus;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.shimmy.mirror.FrameDescriptor.*;

/**
 * A hostile receiver against a real {@link MirrorPush} over loopback TCP: it answers the sender's HELLO with any
 * bytes, or with a wrong proof, or (knowing the secret) proves it and then sends any sequence of frames: ACCEPT
 * with any replica tail, REFUSE, ACK with any released position, grant and base, frames the receiver never sends,
 * unknown types, ERROR, and raw bytes, while it reads what the sender ships. Invariant: the push ends only when
 * closed or with a {@link ShimmyException} whose message names the problem (never another exception, never a
 * thread that throws), it returns from {@code close} (no hang), and the origin topic is never marked failed.
 */
class MirrorSenderFuzzTest {
    private static final Path DIR = ShmDir.create("shimmy-fuzz-origin-");
    private static final String TOPIC = "pushed";
    private static final List<Throwable> UNCAUGHT = HostileFrames.uncaught();
    private static final Shimmy ORIGIN = Shimmy.open(new ShimmyContext().dir(DIR));
    /** The topic pushed, with a few messages: open for as long as the JVM runs. */
    private static final Publication PUBLICATION = published();
    private static final ServerSocketChannel LISTENER = listener();
    private static final MirrorSecret SECRET = MirrorSecret.of(MirrorTest.SECRET);
    private static final int[] TYPES = {ACCEPT, ACK, ACK, ACK, REFUSE, HEARTBEAT, ERROR, WRITE, TAIL, OPEN};

    @FuzzTest(maxDuration = "5m")
    void shouldEndAPushOnlyWithAClearRefusalWhateverTheReceiverSends(final FuzzedDataProvider data)
        throws Exception {
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final MirrorPush push = new MirrorPush(ORIGIN, (InetSocketAddress)LISTENER.getLocalAddress(), List.of(TOPIC),
            MirrorTest.context("tcp", log).handshakeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300))
                .peerTimeoutNs(TimeUnit.SECONDS.toNanos(2)));
        final Thread thread = new Thread(() -> {
            try {
                push.run();
            } catch (final Throwable ex) {
                failure.set(ex);
            }
        }, "fuzz-push");
        thread.start();
        try (SocketChannel socket = accept();
             Connection connection = new Connection(socket, 1 << 20)) {
            play(connection, data);
        } catch (final IOException ended) {
            // the sender refused this receiver or closed the connection
        } finally {
            push.close();
            thread.join(TimeUnit.SECONDS.toMillis(20));
            dropPending();
        }
        if (thread.isAlive()) {
            throw new AssertionError("the push did not return from close within 20 s; log " + log);
        }
        final Throwable ended = failure.get();
        if (ended != null && (!(ended instanceof ShimmyException) || ended.getMessage() == null)) {
            throw new AssertionError("the push ended with an exception that is not Shimmy's own", ended);
        }
        if (!UNCAUGHT.isEmpty()) {
            throw new AssertionError("a thread threw", UNCAUGHT.get(0));
        }
        for (final String line : log) {
            if (line.contains("\n")) {
                throw new AssertionError("a log line of more than one line: " + line);
            }
        }
        if (TopicStatus.read(DIR, TOPIC).failed()) {
            throw new AssertionError("the origin topic was marked failed; log " + log);
        }
    }

    private static void play(final Connection connection, final FuzzedDataProvider data) throws IOException {
        final Handshake.Frame hello = Handshake.await(connection, HELLO, TimeUnit.SECONDS.toNanos(10));
        switch (data.consumeInt(0, 3)) {
            case 0 -> HostileFrames.write(connection, ByteBuffer.wrap(data.consumeBytes(data.consumeInt(0, 4096))));
            case 1 -> connection.send(CHALLENGE, 0, 0, 0, 0, data.consumeBytes(2 * MirrorSecret.PROOF_LENGTH + 1));
            default -> {
                final byte[] senderNonce = new byte[MirrorSecret.PROOF_LENGTH];
                hello.payload().get(8, senderNonce);
                final byte[] receiverNonce = MirrorSecret.nonce();
                final ByteBuffer challenge = ByteBuffer.allocate(2 * MirrorSecret.PROOF_LENGTH).put(receiverNonce)
                    .put(SECRET.proof("receiver", senderNonce, receiverNonce, "tcp"));
                connection.send(CHALLENGE, 0, 0, 0, 0, challenge.array());
                connection.flushBlocking(TimeUnit.SECONDS.toNanos(5));
                Handshake.await(connection, PROOF, TimeUnit.SECONDS.toNanos(10));
                connection.send(WELCOME, 0, 0, 0, 0, data.consumeBoolean() ? new byte[0] : data.consumeBytes(64));
                final int steps = data.consumeInt(0, 24);
                for (int i = 0; i < steps; i++) {
                    step(connection, data);
                }
            }
        }
        connection.flushBlocking(TimeUnit.SECONDS.toNanos(5));
        HostileFrames.drain(connection, TimeUnit.MILLISECONDS.toNanos(data.consumeInt(0, 20)));
    }

    private static void step(final Connection connection, final FuzzedDataProvider data) throws IOException {
        final int type = data.consumeBoolean() ? data.pickValue(TYPES) : data.consumeInt();
        final int session = data.consumeBoolean() ? 0 : data.consumeInt(-2, 3);
        final byte[] payload = data.consumeBoolean() ? new byte[0] : data.consumeBytes(64);
        connection.send(type, session, position(data), position(data), position(data), payload);
        if (data.consumeBoolean()) {
            connection.flushBlocking(TimeUnit.SECONDS.toNanos(5));
            HostileFrames.drain(connection, TimeUnit.MILLISECONDS.toNanos(data.consumeInt(0, 5)));
        }
    }

    /** A position: -1 (a fresh replica), a multiple of 32 within the topic's first rings, or anything. */
    private static long position(final FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0:
                return -1;
            case 1:
                return 32L * data.consumeInt(0, 3 * 4096 / 32);
            case 2:
                return data.consumeInt(-64, 3 * 4096);
            default:
                return data.consumeLong();
        }
    }

    private static SocketChannel accept() throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            final SocketChannel socket = LISTENER.accept();
            if (socket != null) {
                return socket;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the push did not connect within 20 s");
            }
            Thread.sleep(1);
        }
    }

    /** Closes connections a push made after the one played with (it reconnects until closed). */
    private static void dropPending() throws IOException {
        SocketChannel socket;
        while ((socket = LISTENER.accept()) != null) {
            socket.close();
        }
    }

    private static Publication published() {
        final Publication publication = ORIGIN.publication(TOPIC, new TopicConfig().capacity(4096)
            .maxMessageLength(512).maxSubscribers(4));
        final byte[] message = new byte[300];
        for (int i = 0; i < 12; i++) {
            publication.offer(message, 0, Messages.encode(message, i, 20 + 25 * i));
        }
        return publication;
    }

    private static ServerSocketChannel listener() {
        try {
            final ServerSocketChannel channel = ServerSocketChannel.open();
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            return channel;
        } catch (final IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }
}
