package io.shimmy.bench.peer;

import io.shimmy.bench.harness.Link;
import io.shimmy.bench.harness.Receiver;
import io.shimmy.bench.harness.Setup;
import io.shimmy.bench.harness.Transport;
import io.shimmy.bench.harness.Wait;
import io.shimmy.bench.transport.MappedFiles;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Agrona's single-producer single-consumer {@link OneToOneRingBuffer} over a mapped file in the run's directory,
 * with the run's ring capacity: the server creates the files (pre-touched), the client maps them. A latency run uses
 * two rings, one each way; a fan-out run one ring per subscriber, which the publisher writes in turn (an SPSC ring
 * has one reader).
 */
public final class AgronaTransport implements Transport {
    private static final int MESSAGE_TYPE = 1;

    @Override
    public Link server(final Setup setup, final int index) throws IOException {
        if (setup.duplex()) {
            final OneToOneRingBuffer in = ring(MappedFiles.create(file(setup, "ping"), length(setup)).byteBuffer());
            final OneToOneRingBuffer out = ring(MappedFiles.create(file(setup, "pong"), length(setup)).byteBuffer());
            return new RingLink(new OneToOneRingBuffer[] {out}, in, setup.waitMode());
        }
        final OneToOneRingBuffer in = ring(MappedFiles.create(file(setup, "ring-" + index), length(setup))
            .byteBuffer());
        return new RingLink(new OneToOneRingBuffer[0], in, setup.waitMode());
    }

    @Override
    public Link client(final Setup setup) throws IOException {
        if (setup.duplex()) {
            final OneToOneRingBuffer out = ring(MappedFiles.open(file(setup, "ping"), length(setup)).byteBuffer());
            final OneToOneRingBuffer in = ring(MappedFiles.open(file(setup, "pong"), length(setup)).byteBuffer());
            return new RingLink(new OneToOneRingBuffer[] {out}, in, setup.waitMode());
        }
        final OneToOneRingBuffer[] out = new OneToOneRingBuffer[setup.servers()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring(MappedFiles.open(file(setup, "ring-" + i), length(setup)).byteBuffer());
        }
        return new RingLink(out, null, setup.waitMode());
    }

    private static int length(final Setup setup) {
        return setup.capacity() + RingBufferDescriptor.TRAILER_LENGTH;
    }

    private static Path file(final Setup setup, final String name) {
        return setup.dir().resolve("agrona-" + name);
    }

    private static OneToOneRingBuffer ring(final ByteBuffer mapped) {
        return new OneToOneRingBuffer(new UnsafeBuffer(mapped));
    }

    /** Rings to write and the ring to read. */
    private static final class RingLink implements Link, MessageHandler {
        private final OneToOneRingBuffer[] out;
        private final OneToOneRingBuffer in;
        private final boolean yield;
        private final UnsafeBuffer source = new UnsafeBuffer(new byte[0]);
        private final MessageHandler echoHandler = this::echoMessage;
        private ByteBuffer wrapped;
        private Receiver receiver;

        RingLink(final OneToOneRingBuffer[] out, final OneToOneRingBuffer in, final Wait wait) {
            this.out = out;
            this.in = in;
            this.yield = wait == Wait.YIELD;
        }

        @Override
        public boolean offer(final ByteBuffer message, final int length) {
            if (message != wrapped) {
                source.wrap(message);
                wrapped = message;
            }
            if (out.length == 1) {
                return out[0].write(MESSAGE_TYPE, source, 0, length);
            }
            for (final OneToOneRingBuffer ring : out) {
                while (!ring.write(MESSAGE_TYPE, source, 0, length)) {
                    pause();
                }
            }
            return true;
        }

        private void pause() {
            if (yield) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }

        @Override
        public int poll(final Receiver receiver, final int limit) {
            this.receiver = receiver;
            return in.read(this, limit);
        }

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index,
            final int length) {
            receiver.onMessage(buffer.getLong(index, ByteOrder.LITTLE_ENDIAN));
        }

        @Override
        public int echo(final int limit) {
            return in.read(echoHandler, limit);
        }

        private void echoMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index,
            final int length) {
            while (!out[0].write(MESSAGE_TYPE, buffer, index, length)) {
                Thread.onSpinWait();
            }
        }

        @Override
        public void close() {
        }
    }
}
