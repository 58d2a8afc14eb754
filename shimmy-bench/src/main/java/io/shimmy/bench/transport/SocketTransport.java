package io.shimmy.bench.transport;

import io.shimmy.bench.harness.Link;
import io.shimmy.bench.harness.Receiver;
import io.shimmy.bench.harness.Setup;
import io.shimmy.bench.harness.Transport;
import io.shimmy.bench.harness.Wait;
import io.shimmy.wait.WaitStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Stream sockets, as services use them: each server listens and accepts the client's connection; the client writes
 * every message with its own {@code write} call (to each server in turn when it fans out), a server reads what has
 * arrived and splits it into messages of the run's fixed size (so no length prefix is needed), and in a latency run
 * writes each one back. With {@link Wait#SPIN} or {@link Wait#YIELD} channels are non-blocking and the reader
 * polls; with {@link Wait#BLOCK} they block in {@code read}, as most socket code does.
 */
public abstract class SocketTransport implements Transport {
    private static final int READ_BUFFER = 256 * 1024;

    /**
     * Opens and binds the listening socket of a server.
     *
     * @param setup of the run.
     * @param index of the server.
     * @return the bound channel.
     * @throws IOException if it cannot bind.
     */
    protected abstract ServerSocketChannel listen(Setup setup, int index) throws IOException;

    /**
     * Where the client finds a server, once it listens.
     *
     * @param setup of the run.
     * @param index of the server.
     * @return its address.
     * @throws IOException if it cannot be found.
     */
    protected abstract SocketAddress address(Setup setup, int index) throws IOException;

    /**
     * Sets options on a connected channel (e.g. {@code TCP_NODELAY}).
     *
     * @param channel connected.
     * @throws IOException if an option cannot be set.
     */
    protected void configure(final SocketChannel channel) throws IOException {
    }

    @Override
    public Link server(final Setup setup, final int index) throws IOException {
        try (ServerSocketChannel listener = listen(setup, index)) {
            setup.ready();
            final SocketChannel channel = listener.accept();
            return open(setup, new SocketChannel[] {channel});
        }
    }

    @Override
    public Link client(final Setup setup) throws IOException {
        final SocketChannel[] channels = new SocketChannel[setup.servers()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = SocketChannel.open(address(setup, i));
        }
        return open(setup, channels);
    }

    private SocketLink open(final Setup setup, final SocketChannel[] channels) throws IOException {
        for (final SocketChannel channel : channels) {
            configure(channel);
            channel.configureBlocking(setup.waitMode() == Wait.BLOCK);
        }
        return new SocketLink(channels, setup.messageLength(), setup.waitMode());
    }

    /** One side's connections. */
    private static final class SocketLink implements Link {
        private final SocketChannel[] channels;
        private final int size;
        private final boolean yield;
        private final ByteBuffer in;

        SocketLink(final SocketChannel[] channels, final int size, final Wait wait) {
            this.channels = channels;
            this.size = size;
            this.yield = wait == Wait.YIELD;
            this.in = ByteBuffer.allocateDirect(Math.max(READ_BUFFER, 2 * size)).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public boolean offer(final ByteBuffer message, final int length) {
            for (final SocketChannel channel : channels) {
                message.limit(length).position(0);
                writeFully(channel, message);
            }
            return true;
        }

        private void writeFully(final SocketChannel channel, final ByteBuffer bytes) {
            try {
                while (bytes.hasRemaining()) {
                    if (channel.write(bytes) == 0) {
                        pause();
                    }
                }
            } catch (final IOException ex) {
                throw new UncheckedIOException("write failed: " + ex.getMessage(), ex);
            }
        }

        private void pause() {
            if (yield) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }

        private boolean fill() {
            if (in.position() >= size) {
                return true;
            }
            try {
                if (channels[0].read(in) < 0) {
                    throw new IllegalStateException("the other side closed the connection");
                }
            } catch (final IOException ex) {
                throw new UncheckedIOException("read failed: " + ex.getMessage(), ex);
            }
            return in.position() >= size;
        }

        @Override
        public int poll(final Receiver receiver, final int limit) {
            if (!fill()) {
                return 0;
            }
            in.flip();
            int count = 0;
            while (count < limit && in.remaining() >= size) {
                receiver.onMessage(in.getLong(in.position()));
                in.position(in.position() + size);
                count++;
            }
            in.compact();
            return count;
        }

        @Override
        public int echo(final int limit) {
            if (!fill()) {
                return 0;
            }
            in.flip();
            final int count = Math.min(limit, in.remaining() / size);
            final int end = in.position() + count * size;
            final int remainderLimit = in.limit();
            in.limit(end);
            writeFully(channels[0], in);
            in.limit(remainderLimit);
            in.compact();
            return count;
        }

        @Override
        public WaitStrategy waitStrategy(final Wait wait) {
            return wait == Wait.BLOCK ? new BlockingRead() : wait.spinOrYield();
        }

        @Override
        public void close() {
            for (final SocketChannel channel : channels) {
                try {
                    channel.close();
                } catch (final IOException ignore) {
                    // closing at the end of a run
                }
            }
        }
    }

    /** Waiting happens inside {@code read}: nothing to do between reads. */
    private static final class BlockingRead implements WaitStrategy {
        @Override
        public void idle(final int workCount) {
        }

        @Override
        public void reset() {
        }
    }
}
