package io.shimmy.mirror.tcp;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.mirror.Connection;
import io.shimmy.mirror.FrameDescriptor;
import io.shimmy.mirror.Transport;
import io.shimmy.topic.Replica;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The {@code tcp} transport: ring bytes as {@code WRITE} frames and tails as {@code TAIL} frames on the control
 * connection itself, in order, so a tail always follows its bytes. Pure Java NIO, for hosts without UCX. Long
 * writes go from the origin's mapped ring to the socket by gathering writes and, once
 * {@link io.shimmy.mirror.MirrorServer} checked their range, from the socket straight into the replica's ring;
 * short ones are copied on the way, which costs less.
 */
public final class TcpTransport implements Transport {
    /** The name. */
    public static final String NAME = "tcp";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sender sender(final Connection control, final ByteBuffer welcome) {
        return new Sender() {
            @Override
            public Link link(final int topic, final ByteBuffer accept, final int capacity) {
                return new TcpLink(control, topic);
            }

            @Override
            public int progress() {
                return 0;
            }

            @Override
            public void await(final long timeoutNs) {
                try {
                    control.await(timeoutNs);
                } catch (final IOException ex) {
                    // the owner's next poll or flush reports a broken connection
                }
            }

            @Override
            public void close() {
                // everything goes over the control connection, which its owner closes
            }
        };
    }

    @Override
    public Receiver receiver(final Connection control, final InetAddress bind) {
        return new Receiver() {
            @Override
            public ByteBuffer welcome() {
                return ByteBuffer.allocate(0);
            }

            @Override
            public ByteBuffer attach(final int topic, final Replica replica) {
                return ByteBuffer.allocate(0);
            }

            @Override
            public void detach(final int topic) {
                // nothing was exposed
            }

            @Override
            public boolean framesCarryData() {
                return true;
            }

            @Override
            public int progress(final TailSink tails) {
                return 0;
            }

            @Override
            public void await(final Connection connection, final long timeoutNs) throws IOException {
                connection.await(timeoutNs);
            }

            @Override
            public void close() {
                // nothing of its own
            }
        };
    }

    /**
     * A topic's link: {@code WRITE} frames whose long payloads go from the origin's ring to the socket by a
     * gathering write, without a copy, and {@code TAIL} frames behind them. A write has landed, as far as the
     * origin is concerned, once the socket took its bytes: TCP delivers them in order, before any later tail.
     */
    private static final class TcpLink implements Link {
        private final Connection control;
        private final int topic;
        private ByteBuffer source;
        private ByteBuffer view;
        private long written;
        private long sendingFrom;

        TcpLink(final Connection control, final int topic) {
            this.control = control;
            this.topic = topic;
        }

        @Override
        public boolean write(final long position, final SharedBuffer buffer, final int index, final int length) {
            if (buffer.byteBuffer() != source) {
                source = buffer.byteBuffer();
                view = source.duplicate();
            }
            if (control.sending(view)) {
                return false;
            }
            view.clear().position(index).limit(index + length);
            if (!control.sendRegion(FrameDescriptor.WRITE, topic, position, view)) {
                return false;
            }
            sendingFrom = position;
            written = position + length;
            return true;
        }

        @Override
        public long landed() {
            return view != null && control.sending(view) ? sendingFrom : written;
        }

        @Override
        public boolean quiet() {
            return view == null || !control.sending(view);
        }

        @Override
        public boolean publishTail(final long tail) {
            return control.send(FrameDescriptor.TAIL, topic, tail, 0, 0);
        }
    }
}
