package io.shimmy.mirror.disni;

import com.ibm.disni.RdmaActiveEndpoint;
import com.ibm.disni.RdmaActiveEndpointGroup;
import com.ibm.disni.verbs.IbvWC;
import com.ibm.disni.verbs.RdmaCmId;
import io.shimmy.mirror.Connection;
import io.shimmy.mirror.MirrorException;
import io.shimmy.mirror.Transport;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The {@code disni} transport: the same one-sided protocol as {@code ucx} ({@link io.shimmy.mirror.OneSidedLink},
 * {@link io.shimmy.mirror.TailBoxes}) over RDMA WRITEs posted with DiSNI on a reliable connection. After the
 * handshake the receiver listens with RDMA CM on its bind address (an ephemeral port) and accepts one connection
 * from the authenticated sender's address; each topic's replica ring and tail box are registered and their keys
 * sent in {@code ACCEPT}. The sender registers the origin's mapped ring, writes from it, waits for the signaled
 * completions, then writes the tail.
 * <p>
 * Needs {@code libdisni.so} (built from DiSNI's sources) on {@code java.library.path} and an RDMA device (or
 * SoftRoCE); without them {@link #sender} and {@link #receiver} fail with a message saying so.
 */
public final class DisniTransport implements Transport {
    /** The name. */
    public static final String NAME = "disni";
    /** Work requests each endpoint may have outstanding. */
    static final int MAX_WORK_REQUESTS = 256;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sender sender(final Connection control, final ByteBuffer welcome) throws IOException {
        return new DisniSender(control, welcome);
    }

    @Override
    public Receiver receiver(final Connection control, final InetAddress bind) throws IOException {
        return new DisniReceiver(control, bind);
    }

    /**
     * A new endpoint group, or a clear failure if DiSNI cannot run here.
     *
     * @param completions receives every work completion.
     * @return the group.
     */
    static RdmaActiveEndpointGroup<Endpoint> group(final Consumer<IbvWC> completions) {
        try {
            final RdmaActiveEndpointGroup<Endpoint> group =
                new RdmaActiveEndpointGroup<>(1000, false, MAX_WORK_REQUESTS, 1, 2 * MAX_WORK_REQUESTS);
            group.init((id, serverSide) -> new Endpoint(group, id, serverSide, completions));
            return group;
        } catch (final UnsatisfiedLinkError | NoClassDefFoundError ex) {
            throw new MirrorException("the disni transport needs libdisni.so on java.library.path and an RDMA " +
                "device (" + ex.getMessage() + "): see docs/remote.md, or use --transport ucx or tcp", ex);
        } catch (final IOException | RuntimeException ex) {
            throw new MirrorException("DiSNI cannot start here (" + ex.getMessage() + "): it needs an RDMA device " +
                "(see ibv_devices); use --transport ucx or tcp", ex);
        }
    }

    /** An active endpoint that hands its completions to the transport. */
    static final class Endpoint extends RdmaActiveEndpoint {
        private final Consumer<IbvWC> completions;

        Endpoint(final RdmaActiveEndpointGroup<Endpoint> group, final RdmaCmId id, final boolean serverSide,
            final Consumer<IbvWC> completions) throws IOException {
            super(group, id, serverSide);
            this.completions = completions;
        }

        @Override
        public void dispatchCqEvent(final IbvWC wc) {
            completions.accept(wc);
        }
    }
}
