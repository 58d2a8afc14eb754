package io.shimmy.mirror.disni;

import com.ibm.disni.RdmaActiveEndpointGroup;
import com.ibm.disni.util.MemoryUtils;
import com.ibm.disni.verbs.IbvMr;
import com.ibm.disni.verbs.IbvSendWR;
import com.ibm.disni.verbs.IbvSge;
import com.ibm.disni.verbs.IbvWC;
import com.ibm.disni.verbs.SVCPostSend;
import io.shimmy.mirror.Connection;
import io.shimmy.mirror.OneSidedLink;
import io.shimmy.mirror.ProtocolException;
import io.shimmy.mirror.RemoteWrites;
import io.shimmy.mirror.Transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The sending side of {@link DisniTransport}: one RC endpoint to the receiver, local registrations of the buffers
 * it writes from (the origin's mapped rings, registered once each), and signaled RDMA WRITEs whose completions
 * {@link #flush} counts.
 */
final class DisniSender implements Transport.Sender, RemoteWrites<Integer> {
    /** Longest sleep while writes are in flight: completions arrive on DiSNI's own thread and wake nothing. */
    private static final long COMPLETION_PARK_NS = TimeUnit.MICROSECONDS.toNanos(20);

    private final RdmaActiveEndpointGroup<DisniTransport.Endpoint> group;
    private final DisniTransport.Endpoint endpoint;
    /** Writes completed: completions of one queue pair's signaled writes come in the order they were posted. */
    private final AtomicLong completedWrites = new AtomicLong();
    private long postedWrites;
    private final List<Region> registered = new ArrayList<>();
    private volatile String failure;

    /** A local registration: a buffer, its address, its key. */
    private record Region(ByteBuffer buffer, long address, int length, IbvMr memory) {
    }

    DisniSender(final Connection control, final ByteBuffer welcome) throws IOException {
        if (welcome.remaining() != 4) {
            throw new ProtocolException("its WELCOME has " + welcome.remaining() + " bytes, not a DiSNI receiver's 4");
        }
        final int port = welcome.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        final InetAddress host = ((InetSocketAddress)control.channel().getRemoteAddress()).getAddress();
        this.group = DisniTransport.group(this::completed);
        try {
            this.endpoint = group.createEndpoint();
            endpoint.connect(new InetSocketAddress(host, port), 2000);
        } catch (final Exception ex) {
            close();
            throw new IOException("cannot connect RDMA to " + host.getHostAddress() + ":" + port + ": " + ex, ex);
        }
    }

    private void completed(final IbvWC wc) {
        if (wc.getStatus() != IbvWC.IbvWcStatus.IBV_WC_SUCCESS.ordinal()) {
            failure = "an RDMA WRITE failed with work completion status " + wc.getStatus();
        }
        completedWrites.incrementAndGet();
    }

    @Override
    public Transport.Link link(final int topic, final ByteBuffer accept, final int capacity) throws IOException {
        if (accept.remaining() != 24) {
            throw new ProtocolException("its ACCEPT has " + accept.remaining() + " bytes, not a DiSNI receiver's 24");
        }
        final ByteBuffer details = accept.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final long ringAddress = details.getLong();
        final int ringKey = details.getInt();
        final long boxAddress = details.getLong();
        final int boxKey = details.getInt();
        return new OneSidedLink<>(this, ringKey, ringAddress, capacity, boxKey, boxAddress);
    }

    @Override
    public long address(final ByteBuffer buffer) {
        for (final Region region : registered) {
            if (region.buffer() == buffer) {
                return region.address();
            }
        }
        try {
            final IbvMr memory = endpoint.registerMemory(buffer).execute().free().getMr();
            final Region region = new Region(buffer, MemoryUtils.getAddress(buffer), buffer.capacity(), memory);
            registered.add(region);
            return region.address();
        } catch (final IOException ex) {
            throw new IllegalStateException("cannot register " + buffer.capacity() + " bytes with DiSNI: " + ex, ex);
        }
    }

    private int localKey(final long address, final int length) throws IOException {
        for (final Region region : registered) {
            if (address >= region.address() && address + length <= region.address() + region.length()) {
                return region.memory().getLkey();
            }
        }
        throw new IOException("no DiSNI registration holds the " + length + " bytes at " + address);
    }

    @Override
    public void write(final long localAddress, final int length, final long remoteAddress, final Integer key)
        throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        final IbvSge sge = new IbvSge();
        sge.setAddr(localAddress);
        sge.setLength(length);
        sge.setLkey(localKey(localAddress, length));
        final LinkedList<IbvSge> sges = new LinkedList<>();
        sges.add(sge);
        final IbvSendWR wr = new IbvSendWR();
        wr.setOpcode(IbvSendWR.IBV_WR_RDMA_WRITE);
        wr.setSend_flags(IbvSendWR.IBV_SEND_SIGNALED);
        wr.setSg_list(sges);
        wr.getRdma().setRemote_addr(remoteAddress);
        wr.getRdma().setRkey(key);
        final List<IbvSendWR> wrs = new ArrayList<>(1);
        wrs.add(wr);
        try {
            final SVCPostSend post = endpoint.postSend(wrs);
            post.execute().free();
            postedWrites++;
        } catch (final RuntimeException ex) {
            throw new IOException("posting an RDMA WRITE failed: " + ex.getMessage(), ex);
        }
    }

    @Override
    public long flush() throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        return postedWrites;
    }

    @Override
    public long completed() throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        return completedWrites.get();
    }

    @Override
    public void await(final long timeoutNs) {
        LockSupport.parkNanos(Math.min(timeoutNs, COMPLETION_PARK_NS));
    }

    @Override
    public int progress() throws IOException {
        if (failure != null) {
            throw new IOException(failure);
        }
        return 0;
    }

    @Override
    public void close() {
        try {
            for (final Region region : registered) {
                endpoint.deregisterMemory(region.memory());
            }
            registered.clear();
            if (endpoint != null) {
                endpoint.close();
            }
            group.close();
        } catch (final IOException | RuntimeException ignore) {
            // closing anyway
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
