package io.shimmy.mirror;

import io.shimmy.buffer.SharedBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control connection's zero-copy paths over a loopback socket with small socket buffers, so that every long
 * region goes out in many partial gathering writes and arrives in many reads: frames keep their order around a
 * region in flight, a region's bytes land intact where the handler said, and short regions are copied.
 */
class ConnectionTest {
    private static final int MAX_PAYLOAD = 1 << 20;
    private static final int TOPIC = 3;

    private ServerSocketChannel listener;
    private Connection sender;
    private Connection receiver;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        final SocketChannel out = SocketChannel.open();
        out.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
        out.connect(listener.getLocalAddress());
        final SocketChannel in = listener.accept();
        in.setOption(StandardSocketOptions.SO_RCVBUF, 8192);
        sender = new Connection(out, MAX_PAYLOAD);
        receiver = new Connection(in, MAX_PAYLOAD);
    }

    @AfterEach
    void close() throws IOException {
        sender.close();
        receiver.close();
        listener.close();
    }

    /** What the receiving handler saw, in order. */
    private static final class Recorder implements Connection.FrameHandler {
        private final List<String> events = new ArrayList<>();
        private final ByteBuffer landed = ByteBuffer.allocateDirect(MAX_PAYLOAD);
        private final SharedBuffer landedView = new SharedBuffer(landed);
        private final boolean land;

        Recorder(final boolean land) {
            this.land = land;
        }

        @Override
        public void onFrame(final int type, final int topic, final long a, final long b, final long c,
            final SharedBuffer payload, final int index, final int length) {
            if (type == FrameDescriptor.WRITE) {
                payload.getBytes(index, landedView, (int)a, length);
            }
            events.add(FrameDescriptor.name(type) + " " + topic + " " + a + " " + length + " copied");
        }

        @Override
        public ByteBuffer landing(final int type, final int topic, final long a, final int length) {
            if (!land || type != FrameDescriptor.WRITE) {
                return null;
            }
            return landed.clear().position((int)a).limit((int)a + length);
        }

        @Override
        public void onLanded(final int type, final int topic, final long a, final int length) {
            events.add(FrameDescriptor.name(type) + " " + topic + " " + a + " " + length + " landed");
        }
    }

    @Test
    void shouldKeepFramesInOrderAroundLongRegionsAndLandThemIntact() throws IOException {
        final ByteBuffer ring = ByteBuffer.allocateDirect(MAX_PAYLOAD);
        final byte[] bytes = new byte[MAX_PAYLOAD];
        new Random(7).nextBytes(bytes);
        ring.put(0, bytes);
        final ByteBuffer view = ring.duplicate();
        final Recorder recorder = new Recorder(true);
        final List<String> expected = new ArrayList<>();
        final int[][] regions = {{0, 300_000}, {300_000, 1000}, {301_000, 4096}, {305_096, 200_000}, {505_096, 64}};
        for (final int[] region : regions) {
            view.clear().position(region[0]).limit(region[0] + region[1]);
            assertThat(sender.sendRegion(FrameDescriptor.WRITE, TOPIC, region[0], view)).isTrue();
            final boolean gathered = region[1] >= Connection.COPY_MAX_LENGTH;
            assertThat(sender.sending(view)).isEqualTo(gathered);
            if (gathered) {
                assertThat(sender.sendRegion(FrameDescriptor.WRITE, TOPIC, 0, ring.duplicate().limit(64)))
                    .as("a second region while one is in flight").isFalse();
            }
            // a payload longer than one read's chunk always lands; a short one lands if it arrives in pieces
            expected.add("WRITE " + TOPIC + " " + region[0] + " " + region[1] + (region[1] > 65536 ? " landed" : ""));
            assertThat(sender.send(FrameDescriptor.TAIL, TOPIC, region[0] + region[1], 0, 0)).isTrue();
            expected.add("TAIL " + TOPIC + " " + (region[0] + region[1]) + " 0 copied");
            exchange(recorder, () -> !sender.sending(view));
        }
        exchange(recorder, () -> recorder.events.size() == expected.size());
        assertThat(recorder.events).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(recorder.events.get(i)).startsWith(expected.get(i));
        }
        final int end = regions[regions.length - 1][0] + regions[regions.length - 1][1];
        final byte[] received = new byte[end];
        recorder.landed.duplicate().clear().get(0, received);
        assertThat(received).isEqualTo(Arrays.copyOf(bytes, end));
    }

    @Test
    void shouldHandLongPayloadsWholeWhenTheHandlerDoesNotLandThem() throws IOException {
        final ByteBuffer ring = ByteBuffer.allocateDirect(200_000);
        for (int i = 0; i < ring.capacity(); i++) {
            ring.put(i, (byte)(i * 31));
        }
        final Recorder recorder = new Recorder(false);
        assertThat(sender.sendRegion(FrameDescriptor.WRITE, TOPIC, 0, ring.duplicate())).isTrue();
        assertThat(sender.send(FrameDescriptor.HEARTBEAT, 0, 0, 0, 0)).isTrue();
        exchange(recorder, () -> recorder.events.size() == 2);
        assertThat(recorder.events).containsExactly("WRITE " + TOPIC + " 0 200000 copied", "HEARTBEAT 0 0 0 copied");
        final ByteBuffer expected = ring.duplicate().clear();
        assertThat(recorder.landed.duplicate().clear().limit(200_000)).isEqualTo(expected);
    }

    /** A condition to pump the connection until. */
    @FunctionalInterface
    private interface Done {
        boolean done();
    }

    private void exchange(final Recorder recorder, final Done done) throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(done.done() && sender.flushed()) && System.nanoTime() < deadline) {
            sender.flush();
            receiver.poll(recorder);
        }
        receiver.poll(recorder);
        assertThat(done.done() && sender.flushed()).as("exchange finished in time").isTrue();
    }
}
