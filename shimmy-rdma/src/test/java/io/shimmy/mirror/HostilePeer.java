package io.shimmy.mirror;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.topic.TopicConfig;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A peer that misbehaves on purpose, for tests of the receiver's defences. Each mode does one bad thing and
 * returns how the receiver answered: its ERROR text, or that it closed the connection.
 * <pre>
 *   wrong-secret    proves another secret          garbage       sends random bytes
 *   truncated       sends half a frame and waits   bad-transport names a transport the receiver does not serve
 *   bad-params      offers a topic of capacity 3000
 *   out-of-range    (with the secret) writes across the end of the ring
 *   bad-tail        (with the secret) publishes a tail over bytes that are not records
 *   huge-frame      (with the secret) announces a frame of 2 GiB
 * </pre>
 */
final class HostilePeer {
    static final String TOPIC = "hostile-topic";

    private HostilePeer() {
    }

    static String attack(final InetSocketAddress to, final String mode, final String transport) throws IOException {
        try (Connection connection = Connection.connect(to, 5000, 1 << 20)) {
            switch (mode) {
                case "wrong-secret":
                    try {
                        Handshake.greet(connection, MirrorSecret.of("not the secret at all, sorry"), transport,
                            TimeUnit.SECONDS.toNanos(10));
                        return "accepted";
                    } catch (final ProtocolException ex) {
                        final ByteBuffer proof = ByteBuffer.allocate(MirrorSecret.PROOF_LENGTH);
                        connection.send(FrameDescriptor.PROOF, 0, 0, 0, 0, proof.array());
                        connection.flushBlocking(TimeUnit.SECONDS.toNanos(5));
                        return answer(connection);
                    }
                case "garbage":
                    final byte[] noise = new byte[4096];
                    new Random(1).nextBytes(noise);
                    write(connection.channel(), ByteBuffer.wrap(noise));
                    return answer(connection);
                case "truncated":
                    final ByteBuffer half = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
                    half.putInt(0, 300).putInt(4, FrameDescriptor.HELLO);
                    write(connection.channel(), half);
                    return answer(connection);
                case "bad-transport":
                    Handshake.greet(connection, MirrorSecret.of(MirrorTest.SECRET), "smoke",
                        TimeUnit.SECONDS.toNanos(10));
                    return "accepted";
                default:
                    Handshake.greet(connection, MirrorSecret.of(MirrorTest.SECRET), transport,
                        TimeUnit.SECONDS.toNanos(10));
                    return authenticated(connection, mode);
            }
        } catch (final ProtocolException ex) {
            return "refused: " + ex.getMessage();
        }
    }

    private static String authenticated(final Connection connection, final String mode) throws IOException {
        final TopicConfig config = new TopicConfig().capacity("bad-params".equals(mode) ? 3000 : 65536)
            .maxMessageLength(1024).lossy(false).livenessTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .unblockTimeoutNs(TimeUnit.SECONDS.toNanos(5)).maxPublishers(4).maxSubscribers(4);
        if ("huge-frame".equals(mode)) {
            final ByteBuffer header = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0, Integer.MAX_VALUE).putInt(4, FrameDescriptor.WRITE);
            write(connection.channel(), header);
            return answer(connection);
        }
        connection.send(FrameDescriptor.OPEN, 0, 42, ChannelHeaderDescriptor.LAYOUT_VERSION, 0,
            encodeUnchecked(config));
        connection.flushBlocking(TimeUnit.SECONDS.toNanos(5));
        Handshake.await(connection, FrameDescriptor.ACCEPT, TimeUnit.SECONDS.toNanos(10));
        connection.send(FrameDescriptor.START, 0, 0, 0, 0);
        final SharedBuffer junk = SharedBuffer.wrap(new byte[256]);
        junk.setMemory(0, 256, (byte)0x5a);
        if ("out-of-range".equals(mode)) {
            connection.send(FrameDescriptor.WRITE, 0, config.capacity() - 128, 0, 0, junk, 0, 256);
        } else {
            connection.send(FrameDescriptor.WRITE, 0, 0, 0, 0, junk, 0, 256);
            connection.send(FrameDescriptor.TAIL, 0, 256, 0, 0);
        }
        connection.flushBlocking(TimeUnit.SECONDS.toNanos(5));
        return answer(connection);
    }

    private static byte[] encodeUnchecked(final TopicConfig config) {
        final byte[] name = TOPIC.getBytes(StandardCharsets.US_ASCII);
        final byte[] bytes = new byte[TopicOffer.NAME_OFFSET + name.length];
        final SharedBuffer buffer = SharedBuffer.wrap(bytes);
        buffer.putInt(0, config.capacity());
        buffer.putInt(4, config.maxMessageLength());
        buffer.putInt(8, config.maxPublishers());
        buffer.putInt(12, config.maxSubscribers());
        buffer.putLong(16, config.livenessTimeoutNs());
        buffer.putLong(24, config.unblockTimeoutNs());
        buffer.putInt(32, 0);
        buffer.putInt(36, name.length);
        buffer.putBytes(TopicOffer.NAME_OFFSET, name, 0, name.length);
        return bytes;
    }

    private static void write(final SocketChannel channel, final ByteBuffer bytes) throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bytes.hasRemaining() && System.nanoTime() < deadline) {
            if (channel.write(bytes) == 0) {
                Thread.yield();
            }
        }
    }

    private static String answer(final Connection connection) throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        final StringBuilder answer = new StringBuilder();
        try {
            while (System.nanoTime() < deadline) {
                connection.poll((type, topic, a, b, c, payload, index, length) -> {
                    if (type == FrameDescriptor.ERROR) {
                        answer.append("error: ").append(payload.getStringUtf8(index, length));
                    }
                });
                if (answer.length() > 0) {
                    return answer.toString();
                }
                connection.await(TimeUnit.MILLISECONDS.toNanos(50));
            }
            return "still open";
        } catch (final EOFException ex) {
            return answer.length() > 0 ? answer.toString() : "closed";
        } catch (final IOException ex) {
            return answer.length() > 0 ? answer.toString() : "closed: " + ex.getMessage();
        }
    }
}
