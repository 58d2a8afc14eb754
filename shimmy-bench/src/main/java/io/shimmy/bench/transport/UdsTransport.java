package io.shimmy.bench.transport;

import io.shimmy.bench.harness.Setup;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;

/**
 * Unix domain stream sockets (JDK 16+ {@code SocketChannel}s), one socket file per server in the run's directory.
 */
public final class UdsTransport extends SocketTransport {
    @Override
    protected ServerSocketChannel listen(final Setup setup, final int index) throws IOException {
        final ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(address(setup, index));
        return listener;
    }

    @Override
    protected SocketAddress address(final Setup setup, final int index) {
        return UnixDomainSocketAddress.of(setup.dir().resolve("uds-" + index + ".sock"));
    }
}
