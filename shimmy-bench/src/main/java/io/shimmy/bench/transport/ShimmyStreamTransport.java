package io.shimmy.bench.transport;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.bench.harness.Link;
import io.shimmy.bench.harness.Receiver;
import io.shimmy.bench.harness.Setup;
import io.shimmy.bench.harness.Transport;
import io.shimmy.bench.harness.Wait;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.stream.StreamConfig;
import io.shimmy.stream.StreamConnection;
import io.shimmy.stream.StreamHandler;
import io.shimmy.stream.StreamListener;
import io.shimmy.wait.WaitStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Shimmy byte streams, used as services use a local socket: each server listens on stream {@code stream-INDEX} and
 * accepts the client's connection; the client writes every message with its own {@code write} (to each server in
 * turn when it fans out). A receiver takes the bytes in place from the mapped ring ({@code poll}, zero-copy) and
 * splits them into messages of the run's fixed size, carrying a message split by the end of the ring or by a partial
 * write over to the next piece; an echoing server copies what arrived once into a buffer and writes it back.
 * Connections never block in {@code read} or {@code write}: with {@link Wait#BLOCK} the receiver sleeps on the
 * stream's futex word through Shimmy's {@code block} wait, as topics do.
 */
public final class ShimmyStreamTransport implements Transport {
    private static final String STREAM = "stream-";

    @Override
    public Link server(final Setup setup, final int index) throws IOException {
        final Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(setup.dir()));
        try (StreamListener listener = shimmy.listen(STREAM + index, config(setup))) {
            setup.ready();
            return new StreamLink(shimmy, new StreamConnection[] {listener.accept()}, setup.messageLength());
        } catch (final IOException | RuntimeException ex) {
            shimmy.close();
            throw ex;
        }
    }

    @Override
    public Link client(final Setup setup) {
        final Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(setup.dir()));
        try {
            final StreamConnection[] connections = new StreamConnection[setup.servers()];
            for (int i = 0; i < connections.length; i++) {
                connections[i] = shimmy.connect(STREAM + i, config(setup));
            }
            return new StreamLink(shimmy, connections, setup.messageLength());
        } catch (final RuntimeException ex) {
            shimmy.close();
            throw ex;
        }
    }

    private static StreamConfig config(final Setup setup) {
        return new StreamConfig().capacity(setup.capacity())
            .waitStrategy(setup.waitMode() == Wait.BLOCK ? "block" : "spin");
    }

    /** One side's connections; server 0's (or the only) connection is where this side receives. */
    private static final class StreamLink implements Link, StreamHandler {
        private final Shimmy shimmy;
        private final StreamConnection[] connections;
        private final StreamConnection in;
        private final int size;
        private final SharedBuffer carry;
        private final ByteBuffer echo;
        private int carried;
        private int delivered;
        private int wanted;
        private Receiver receiver;

        StreamLink(final Shimmy shimmy, final StreamConnection[] connections, final int size) {
            this.shimmy = shimmy;
            this.connections = connections;
            this.in = connections[0];
            this.size = size;
            this.carry = SharedBuffer.allocateDirect(size);
            this.echo = ByteBuffer.allocateDirect(Math.max(256 * 1024, 2 * size)).order(ByteOrder.LITTLE_ENDIAN);
            for (final StreamConnection connection : connections) {
                connection.blocking(false);
            }
        }

        @Override
        public boolean offer(final ByteBuffer message, final int length) {
            for (final StreamConnection connection : connections) {
                message.limit(length).position(0);
                writeFully(connection, message);
            }
            return true;
        }

        private static void writeFully(final StreamConnection connection, final ByteBuffer bytes) {
            try {
                while (bytes.hasRemaining()) {
                    if (connection.write(bytes) == 0) {
                        Thread.onSpinWait();
                    }
                }
            } catch (final IOException ex) {
                throw new UncheckedIOException("write failed: " + ex.getMessage(), ex);
            }
        }

        @Override
        public int poll(final Receiver receiver, final int limit) {
            this.receiver = receiver;
            delivered = 0;
            wanted = limit;
            try {
                if (in.poll(this, limit * size - carried) < 0) {
                    throw new IllegalStateException("the other side ended the stream");
                }
            } catch (final IOException ex) {
                throw new UncheckedIOException("read failed: " + ex.getMessage(), ex);
            }
            return delivered;
        }

        @Override
        public int onBytes(final SharedBuffer buffer, final int offset, final int length) {
            int at = offset;
            final int end = offset + length;
            if (carried > 0) {
                final int part = Math.min(size - carried, length);
                buffer.getBytes(at, carry, carried, part);
                carried += part;
                at += part;
                if (carried < size) {
                    return length;
                }
                carried = 0;
                deliver(carry.getLong(0));
            }
            while (end - at >= size && delivered < wanted) {
                deliver(buffer.getLong(at));
                at += size;
            }
            if (delivered < wanted && at < end) {
                carried = end - at;
                buffer.getBytes(at, carry, 0, carried);
                at = end;
            }
            return at - offset;
        }

        private void deliver(final long sequence) {
            receiver.onMessage(sequence);
            delivered++;
        }

        @Override
        public int echo(final int limit) {
            try {
                echo.limit(Math.min(echo.capacity(), echo.position() + limit * size));
                if (in.read(echo) < 0) {
                    throw new IllegalStateException("the other side ended the stream");
                }
                final int count = echo.position() / size;
                if (count == 0) {
                    return 0;
                }
                echo.flip();
                final int remainder = echo.limit();
                echo.limit(count * size);
                writeFully(in, echo);
                echo.limit(remainder);
                echo.compact();
                return count;
            } catch (final IOException ex) {
                throw new UncheckedIOException("echo failed: " + ex.getMessage(), ex);
            }
        }

        @Override
        public WaitStrategy waitStrategy(final Wait wait) {
            return wait == Wait.BLOCK ? in.newWaitStrategy() : wait.spinOrYield();
        }

        @Override
        public void close() {
            shimmy.close();
        }
    }
}
