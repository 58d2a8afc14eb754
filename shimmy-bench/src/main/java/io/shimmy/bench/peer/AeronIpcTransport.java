package io.shimmy.bench.peer;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.aeron.protocol.DataHeaderFlyweight;
import io.shimmy.bench.harness.Link;
import io.shimmy.bench.harness.Receiver;
import io.shimmy.bench.harness.Setup;
import io.shimmy.bench.harness.Transport;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Aeron IPC ({@code aeron:ipc}): server 0 embeds the media driver (shared threading mode, so that the driver takes
 * one thread, which backs off when idle, rather than three on a two-core machine; otherwise the driver's defaults,
 * including its 64 MiB IPC term buffers), every process connects an Aeron client to it. The client adds a concurrent
 * {@link Publication} (many publishers may share it, as they may share a Shimmy topic) on stream 1001, to which each
 * server subscribes; a latency run echoes on stream 1002. The channel's MTU is raised above the message size so that
 * no message is fragmented. Pre-touching the log buffers is the driver's {@code aeron.pre.touch.mapped.memory}
 * property, which the {@code aeron-ipc-pretouch} kind sets.
 */
public final class AeronIpcTransport implements Transport {
    private static final int DATA_STREAM = 1001;
    private static final int ECHO_STREAM = 1002;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    @Override
    public Link server(final Setup setup, final int index) {
        MediaDriver driver = null;
        Aeron aeron = null;
        try {
            if (index == 0) {
                driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                    .aeronDirectoryName(directory(setup))
                    .threadingMode(ThreadingMode.SHARED)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true));
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory(setup)));
            final Subscription in = aeron.addSubscription(channel(setup), DATA_STREAM);
            final Publication out = setup.duplex() ? aeron.addPublication(channel(setup), ECHO_STREAM) : null;
            return new AeronLink(driver, aeron, new Publication[] {out}, in);
        } catch (final RuntimeException ex) {
            CloseHelper.quietCloseAll(aeron, driver);
            throw ex;
        }
    }

    @Override
    public Link client(final Setup setup) {
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory(setup)));
        try {
            final Publication out = aeron.addPublication(channel(setup), DATA_STREAM);
            final Subscription in = setup.duplex() ? aeron.addSubscription(channel(setup), ECHO_STREAM) : null;
            final long start = System.nanoTime();
            // the servers' subscriptions exist before the client starts, so the publication links them all at once
            while (!out.isConnected() || (in != null && !in.isConnected())) {
                if (System.nanoTime() - start > CONNECT_TIMEOUT_NS) {
                    throw new IllegalStateException("Aeron: the publication or the echo subscription did not " +
                        "connect within 30 s");
                }
                Thread.onSpinWait();
            }
            return new AeronLink(null, aeron, new Publication[] {out}, in);
        } catch (final RuntimeException ex) {
            CloseHelper.quietClose(aeron);
            throw ex;
        }
    }

    private static String directory(final Setup setup) {
        return setup.dir().resolve("aeron").toString();
    }

    private static String channel(final Setup setup) {
        final int frame = setup.messageLength() + DataHeaderFlyweight.HEADER_LENGTH;
        final int mtu = Math.max(1408, (frame + 31) & ~31);
        return "aeron:ipc?mtu=" + mtu;
    }

    /** A publication, and the subscription where this side receives. */
    private static final class AeronLink implements Link, FragmentHandler {
        private final MediaDriver driver;
        private final Aeron aeron;
        private final Publication out;
        private final Subscription in;
        private final UnsafeBuffer source = new UnsafeBuffer(new byte[0]);
        private final FragmentHandler echoHandler = this::echoFragment;
        private ByteBuffer wrapped;
        private Receiver receiver;

        AeronLink(final MediaDriver driver, final Aeron aeron, final Publication[] out, final Subscription in) {
            this.driver = driver;
            this.aeron = aeron;
            this.out = out[0];
            this.in = in;
        }

        @Override
        public boolean offer(final ByteBuffer message, final int length) {
            if (message != wrapped) {
                source.wrap(message);
                wrapped = message;
            }
            final long result = out.offer(source, 0, length);
            if (result > 0) {
                return true;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("Aeron offer returned " + result);
            }
            return false;
        }

        @Override
        public int poll(final Receiver receiver, final int limit) {
            this.receiver = receiver;
            return in.poll(this, limit);
        }

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header) {
            receiver.onMessage(buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN));
        }

        @Override
        public int echo(final int limit) {
            return in.poll(echoHandler, limit);
        }

        private void echoFragment(final DirectBuffer buffer, final int offset, final int length, final Header header) {
            long result;
            while ((result = out.offer(buffer, offset, length)) < 0) {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                    throw new IllegalStateException("Aeron echo offer returned " + result);
                }
                Thread.onSpinWait();
            }
        }

        @Override
        public void close() {
            CloseHelper.quietCloseAll(out, in, aeron, driver);
        }
    }
}
