package io.shimmy.mirror.tcp;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.mirror.Connection;
import io.shimmy.mirror.FrameDescriptor;
import io.shimmy.mirror.Transport;
import io.shimmy.topic.Replica;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The {@code tcp} transport: ring bytes as {@code WRITE} frames and tails as {@code TAIL} frames on the control
 * connection itself, in order, so a tail always follows its bytes. Pure Java NIO, for hosts without UCX. The
 * receiver copies each write into the replica after {@link io.shimmy.mirror.MirrorServer} checked its range.
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
                return new Link() {
                    @Override
                    public boolean write(final long position, final SharedBuffer buffer, final int index,
                        final int length) {
                        return control.send(FrameDescriptor.WRITE, topic, position, 0, 0, buffer, index, length);
                    }

                    @Override
                    public boolean flush() {
                        return true;
                    }

                    @Override
                    public boolean publishTail(final long tail) {
                        return control.send(FrameDescriptor.TAIL, topic, tail, 0, 0);
                    }
                };
            }

            @Override
            public int progress() {
                return 0;
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
            public void close() {
                // nothing of its own
            }
        };
    }
}
