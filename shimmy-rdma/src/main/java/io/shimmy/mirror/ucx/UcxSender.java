package io.shimmy.mirror.ucx;

import io.shimmy.mirror.Connection;
import io.shimmy.mirror.OneSidedLink;
import io.shimmy.mirror.ProtocolException;
import io.shimmy.mirror.RemoteWrites;
import io.shimmy.mirror.Transport;
import org.openucx.jucx.UcxUtils;
import org.openucx.jucx.ucp.UcpEndpoint;
import org.openucx.jucx.ucp.UcpEndpointParams;
import org.openucx.jucx.ucp.UcpRemoteKey;
import org.openucx.jucx.ucp.UcpRequest;
import org.openucx.jucx.ucp.UcpWorker;
import org.openucx.jucx.ucp.UcpWorkerParams;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of {@link UcxTransport} for one connection: a worker of its own, one endpoint to the
 * receiver's listener, implicit (request-free) puts, and flush requests, one in flight at a time while later puts
 * go on, to know when they landed. Its thread sleeps until the worker has events ({@link UcxWaker}).
 */
final class UcxSender implements Transport.Sender, RemoteWrites<UcpRemoteKey> {
    private final UcpWorker worker;
    private final UcpEndpoint endpoint;
    private final List<UcpRemoteKey> keys = new ArrayList<>();
    private final UcxWaker.Sleeper sleeper;
    private UcpRequest flushing;
    private long started;
    private long done;
    private boolean posted;
    private boolean again;
    private volatile String failure;

    UcxSender(final Connection control, final ByteBuffer welcome) throws IOException {
        if (welcome.remaining() != 12) {
            throw new ProtocolException("its WELCOME has " + welcome.remaining() + " bytes, not a UCX receiver's 12");
        }
        final int port = welcome.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        final long token = welcome.getLong(4);
        final InetAddress host = ((InetSocketAddress)control.channel().getRemoteAddress()).getAddress();
        this.worker = Ucx.context().newWorker(new UcpWorkerParams().setClientId(token));
        this.sleeper = UcxWaker.register(worker);
        try {
            this.endpoint = worker.newEndpoint(new UcpEndpointParams()
                .setSocketAddress(new InetSocketAddress(host, port)).sendClientId().setPeerErrorHandlingMode()
                .setName("shimmy-mirror-out").setErrorHandler((ep, status, message) ->
                    failure = "UCX endpoint failed (status " + status + "): " + message));
        } catch (final RuntimeException ex) {
            sleeper.close();
            throw new IOException("cannot connect UCX to " + host.getHostAddress() + ":" + port + ": " +
                ex.getMessage(), ex);
        }
    }

    @Override
    public Transport.Link link(final int topic, final ByteBuffer accept, final int capacity) throws IOException {
        try {
            final ByteBuffer details = accept.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            final long ringAddress = details.getLong();
            final UcpRemoteKey ringKey = unpack(details);
            final long boxAddress = details.getLong();
            final UcpRemoteKey boxKey = unpack(details);
            return new OneSidedLink<>(this, ringKey, ringAddress, capacity, boxKey, boxAddress);
        } catch (final RuntimeException ex) {
            throw new ProtocolException("its ACCEPT does not carry usable UCX keys: " + ex);
        }
    }

    private UcpRemoteKey unpack(final ByteBuffer details) {
        final int length = details.getInt();
        if (length <= 0 || length > details.remaining()) {
            throw new IllegalArgumentException("key of " + length + " bytes");
        }
        final ByteBuffer key = ByteBuffer.allocateDirect(length);
        key.put(details.slice().limit(length)).flip();
        details.position(details.position() + length);
        final UcpRemoteKey unpacked = endpoint.unpackRemoteKey(key);
        keys.add(unpacked);
        return unpacked;
    }

    @Override
    public long address(final ByteBuffer buffer) {
        return UcxUtils.getAddress(buffer);
    }

    @Override
    public void write(final long localAddress, final int length, final long remoteAddress, final UcpRemoteKey key)
        throws IOException {
        check();
        try {
            endpoint.putNonBlockingImplicit(localAddress, length, remoteAddress, key);
        } catch (final RuntimeException ex) {
            throw new IOException("UCX put failed: " + ex.getMessage(), ex);
        }
        posted = true;
    }

    @Override
    public long flush() throws IOException {
        check();
        if (!posted) {
            return started;
        }
        if (flushing != null) {
            again = true;
            return started + 1;
        }
        startFlush();
        return started;
    }

    private void startFlush() throws IOException {
        try {
            flushing = endpoint.flushNonBlocking(Ucx.IGNORE);
        } catch (final RuntimeException ex) {
            throw new IOException("UCX flush failed: " + ex.getMessage(), ex);
        }
        started++;
        posted = false;
    }

    @Override
    public long completed() throws IOException {
        check();
        if (flushing != null && flushing.isCompleted()) {
            if (flushing.getStatus() < 0) {
                throw new IOException("UCX flush failed with status " + flushing.getStatus());
            }
            flushing = null;
            done = started;
            if (again) {
                again = false;
                startFlush();
            }
        }
        return done;
    }

    @Override
    public void await(final long timeoutNs) {
        sleeper.await(timeoutNs);
    }

    private void check() throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
    }

    @Override
    public int progress() throws IOException {
        try {
            int work = 0;
            while (worker.progress() > 0 && work < 64) {
                work++;
            }
            check();
            return work;
        } catch (final IOException ex) {
            throw ex;
        } catch (final Exception ex) {
            throw new IOException("UCX failed: " + ex.getMessage(), ex);
        }
    }

    @Override
    public void close() {
        try {
            for (final UcpRemoteKey key : keys) {
                key.close();
            }
            keys.clear();
            endpoint.closeNonBlockingForce();
            for (int i = 0; i < 100 && worker.progress() > 0; i++) {
                continue;
            }
        } catch (final Exception ignore) {
            // the peer is gone (UCX reports "Request canceled" or "Connection reset"): closing anyway
        } finally {
            sleeper.close();
        }
    }
}
