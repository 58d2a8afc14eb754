package io.shimmy.mirror.disni;

import com.ibm.disni.RdmaActiveEndpointGroup;
import com.ibm.disni.RdmaServerEndpoint;
import com.ibm.disni.util.MemoryUtils;
import com.ibm.disni.verbs.IbvMr;
import io.shimmy.mirror.Connection;
import io.shimmy.mirror.ProtocolException;
import io.shimmy.mirror.TailBoxes;
import io.shimmy.mirror.Transport;
import io.shimmy.topic.Replica;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The receiving side of {@link DisniTransport}: an RDMA CM listener for one connection from the control peer's
 * address, and memory registrations (remote write) of the replicas' rings and the tail boxes. Writes land without
 * the CPU; {@link #progress} polls the tail boxes.
 */
final class DisniReceiver implements Transport.Receiver {
    private static final int MAX_TOPICS = 256;
    /** Longest sleep of an idle receiver: remote writes wake nothing, so it polls its tail boxes. */
    private static final long POLL_PARK_NS = TimeUnit.MICROSECONDS.toNanos(20);

    private final Connection control;
    private final RdmaActiveEndpointGroup<DisniTransport.Endpoint> group;
    private final RdmaServerEndpoint<DisniTransport.Endpoint> server;
    private final TailBoxes boxes = new TailBoxes(MAX_TOPICS);
    private final IbvMr[] rings = new IbvMr[MAX_TOPICS];
    private final ByteBuffer[] ringBuffers = new ByteBuffer[MAX_TOPICS];
    private DisniTransport.Endpoint endpoint;
    private IbvMr boxMemory;

    DisniReceiver(final Connection control, final InetAddress bind) throws IOException {
        this.control = control;
        this.group = DisniTransport.group(wc -> { });
        try {
            this.server = group.createServerEndpoint();
            server.bind(new InetSocketAddress(bind, 0), 1);
        } catch (final Exception ex) {
            close();
            throw new IOException("cannot listen with RDMA CM on " + bind.getHostAddress() + ": " + ex, ex);
        }
    }

    @Override
    public ByteBuffer welcome() {
        try {
            final int port = ((InetSocketAddress)server.getSrcAddr()).getPort();
            final ByteBuffer welcome = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            return welcome.putInt(0, port);
        } catch (final Exception ex) {
            throw new IllegalStateException("the RDMA CM listener has no address: " + ex, ex);
        }
    }

    private DisniTransport.Endpoint endpoint() throws IOException {
        if (endpoint == null) {
            final DisniTransport.Endpoint accepted = server.accept();
            final InetAddress expected = ((InetSocketAddress)control.channel().getRemoteAddress()).getAddress();
            final InetAddress actual = ((InetSocketAddress)accepted.getDstAddr()).getAddress();
            if (!expected.equals(actual)) {
                try {
                    accepted.close();
                } catch (final InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                throw new ProtocolException("an RDMA connection came from " + actual.getHostAddress() + ", not " +
                    "from the authenticated sender " + expected.getHostAddress());
            }
            endpoint = accepted;
            boxMemory = endpoint.registerMemory(boxes.memory()).execute().free().getMr();
        }
        return endpoint;
    }

    @Override
    public ByteBuffer attach(final int topic, final Replica replica) throws IOException {
        final DisniTransport.Endpoint connected = endpoint();
        final ByteBuffer ring = replica.ring();
        final IbvMr memory = connected.registerMemory(ring).execute().free().getMr();
        rings[topic] = memory;
        ringBuffers[topic] = ring;
        boxes.attach(topic, replica.tail());
        final ByteBuffer details = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        details.putLong(MemoryUtils.getAddress(ring)).putInt(memory.getRkey());
        details.putLong(MemoryUtils.getAddress(boxes.memory()) + TailBoxes.offset(topic)).putInt(boxMemory.getRkey());
        return details.flip();
    }

    @Override
    public void detach(final int topic) {
        boxes.detach(topic);
        if (rings[topic] != null) {
            try {
                endpoint.deregisterMemory(rings[topic]);
            } catch (final IOException ignore) {
                // the registration goes with the endpoint
            }
            rings[topic] = null;
            ringBuffers[topic] = null;
        }
    }

    @Override
    public boolean framesCarryData() {
        return false;
    }

    @Override
    public int progress(final Transport.TailSink tails) throws IOException {
        return boxes.poll(tails);
    }

    @Override
    public void await(final Connection connection, final long timeoutNs) {
        LockSupport.parkNanos(Math.min(timeoutNs, POLL_PARK_NS));
    }

    @Override
    public void close() {
        for (int topic = 0; topic < MAX_TOPICS; topic++) {
            detach(topic);
        }
        try {
            if (endpoint != null) {
                endpoint.close();
            }
            if (server != null) {
                server.close();
            }
            group.close();
        } catch (final IOException | RuntimeException ignore) {
            // closing anyway
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
