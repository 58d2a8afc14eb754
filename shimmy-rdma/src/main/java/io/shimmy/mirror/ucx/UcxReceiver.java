package io.shimmy.mirror.ucx;

import io.shimmy.mirror.Connection;
import io.shimmy.mirror.ProtocolException;
import io.shimmy.mirror.TailBoxes;
import io.shimmy.mirror.Transport;
import io.shimmy.topic.Replica;
import org.openucx.jucx.UcxUtils;
import org.openucx.jucx.ucp.UcpConnectionRequest;
import org.openucx.jucx.ucp.UcpEndpoint;
import org.openucx.jucx.ucp.UcpEndpointParams;
import org.openucx.jucx.ucp.UcpListener;
import org.openucx.jucx.ucp.UcpListenerParams;
import org.openucx.jucx.ucp.UcpMemory;
import org.openucx.jucx.ucp.UcpWorker;
import org.openucx.jucx.ucp.UcpWorkerParams;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.SecureRandom;

/**
 * The receiving side of {@link UcxTransport} for one connection: its own worker, progressed by the connection's
 * thread, which sleeps until the worker has events ({@link UcxWaker}); a listener that accepts one endpoint with the
 * expected client id; and the registrations of the replicas' rings and the tail boxes.
 */
final class UcxReceiver implements Transport.Receiver {
    private static final int MAX_TOPICS = 256;

    private final UcpWorker worker;
    private final UcxWaker.Sleeper sleeper;
    private final UcpListener listener;
    private final long token;
    private final TailBoxes boxes = new TailBoxes(MAX_TOPICS);
    private final UcpMemory boxMemory;
    private final UcpMemory[] rings = new UcpMemory[MAX_TOPICS];
    private final ByteBuffer[] ringBuffers = new ByteBuffer[MAX_TOPICS];
    private UcpEndpoint endpoint;
    private String refused;

    UcxReceiver(final InetAddress bind) throws IOException {
        long id = 0;
        while (id == 0) {
            id = new SecureRandom().nextLong();
        }
        this.token = id;
        this.worker = Ucx.context().newWorker(new UcpWorkerParams());
        this.sleeper = UcxWaker.register(worker);
        try {
            this.listener = worker.newListener(new UcpListenerParams()
                .setSockAddr(new InetSocketAddress(bind, 0)).setConnectionHandler(this::onConnection));
            this.boxMemory = Ucx.register(boxes.memory());
        } catch (final RuntimeException ex) {
            sleeper.close();
            throw new IOException("cannot start a UCX listener on " + bind.getHostAddress() + ": " + ex.getMessage(),
                ex);
        }
    }

    private void onConnection(final UcpConnectionRequest request) {
        if (endpoint == null && request.getClientId() == token) {
            endpoint = worker.newEndpoint(new UcpEndpointParams().setConnectionRequest(request)
                .setPeerErrorHandlingMode().setName("shimmy-mirror-in"));
        } else {
            refused = "a UCX connection from " + request.getClientAddress() + " without this session's client id";
            request.reject();
        }
    }

    @Override
    public ByteBuffer welcome() {
        final ByteBuffer welcome = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        welcome.putInt(0, listener.getAddress().getPort()).putLong(4, token);
        return welcome;
    }

    @Override
    public ByteBuffer attach(final int topic, final Replica replica) throws IOException {
        final ByteBuffer ring = replica.ring();
        final UcpMemory memory;
        try {
            memory = Ucx.register(ring);
        } catch (final RuntimeException ex) {
            throw new IOException("cannot register the replica of '" + replica.topic() + "' with UCX: " +
                ex.getMessage(), ex);
        }
        rings[topic] = memory;
        ringBuffers[topic] = ring;
        boxes.attach(topic, replica.tail());
        final ByteBuffer ringKey = memory.getRemoteKeyBuffer();
        final ByteBuffer boxKey = boxMemory.getRemoteKeyBuffer();
        final ByteBuffer details = ByteBuffer.allocate(24 + ringKey.remaining() + boxKey.remaining())
            .order(ByteOrder.LITTLE_ENDIAN);
        details.putLong(UcxUtils.getAddress(ring)).putInt(ringKey.remaining()).put(ringKey.duplicate());
        details.putLong(UcxUtils.getAddress(boxes.memory()) + TailBoxes.offset(topic)).putInt(boxKey.remaining())
            .put(boxKey.duplicate());
        return details.flip();
    }

    @Override
    public void detach(final int topic) {
        boxes.detach(topic);
        if (rings[topic] != null) {
            try {
                rings[topic].deregister();
            } catch (final RuntimeException ignore) {
                // the registration goes with the worker
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
        int work = 0;
        try {
            while (worker.progress() > 0 && work < 64) {
                work++;
            }
        } catch (final Exception ex) {
            throw new IOException("UCX failed: " + ex.getMessage(), ex);
        }
        if (refused != null) {
            final String why = refused;
            refused = null;
            throw new ProtocolException("refused " + why);
        }
        return work + boxes.poll(tails);
    }

    @Override
    public void await(final Connection control, final long timeoutNs) {
        sleeper.await(timeoutNs);
    }

    @Override
    public void close() {
        boxes.clear();
        for (int topic = 0; topic < MAX_TOPICS; topic++) {
            detach(topic);
        }
        try {
            if (endpoint != null) {
                endpoint.closeNonBlockingForce();
            }
            listener.close();
            boxMemory.deregister();
        } catch (final RuntimeException ignore) {
            // the peer is gone: closing anyway
        } finally {
            sleeper.close();
        }
    }
}
