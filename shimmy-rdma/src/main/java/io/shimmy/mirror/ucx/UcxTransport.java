package io.shimmy.mirror.ucx;

import io.shimmy.mirror.Connection;
import io.shimmy.mirror.Transport;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The {@code ucx} transport (the default): after the handshake the receiver opens a UCX listener on its bind
 * address (an ephemeral port) and tells the authenticated sender the port and a one-time client id; it accepts
 * exactly one UCX connection carrying that id. Per topic it registers the replica's mapped ring and a tail box and
 * sends their remote keys; the sender puts ring bytes straight from its own mapped ring, flushes, then puts the
 * tail. Acknowledgements return over the control connection.
 * <p>
 * Over TCP, UCX emulates these puts with active messages that land only while the receiver progresses its worker,
 * which {@link io.shimmy.mirror.MirrorServer} does in its loop. A UCX endpoint trusts its authenticated peer with
 * the registered memory: run UCX on a network segment of trusted hosts.
 */
public final class UcxTransport implements Transport {
    /** The name. */
    public static final String NAME = "ucx";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sender sender(final Connection control, final ByteBuffer welcome) throws IOException {
        return new UcxSender(control, welcome);
    }

    @Override
    public Receiver receiver(final Connection control, final InetAddress bind) throws IOException {
        return new UcxReceiver(bind);
    }
}
