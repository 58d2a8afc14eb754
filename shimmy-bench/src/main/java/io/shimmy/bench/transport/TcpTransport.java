package io.shimmy.bench.transport;

import io.shimmy.bench.harness.Setup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * TCP over the loopback interface with {@code TCP_NODELAY}: each server binds an ephemeral port on 127.0.0.1 and
 * writes it to a file in the run's directory, where the client reads it.
 */
public final class TcpTransport extends SocketTransport {
    @Override
    protected ServerSocketChannel listen(final Setup setup, final int index) throws IOException {
        final ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final int port = ((InetSocketAddress)listener.getLocalAddress()).getPort();
        final Path temp = portFile(setup, index).resolveSibling("tcp-" + index + ".port.tmp");
        Files.writeString(temp, Integer.toString(port), StandardCharsets.US_ASCII);
        Files.move(temp, portFile(setup, index), StandardCopyOption.ATOMIC_MOVE);
        return listener;
    }

    @Override
    protected SocketAddress address(final Setup setup, final int index) throws IOException {
        final int port = Integer.parseInt(Files.readString(portFile(setup, index), StandardCharsets.US_ASCII).trim());
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Override
    protected void configure(final SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    private static Path portFile(final Setup setup, final int index) {
        return setup.dir().resolve("tcp-" + index + ".port");
    }
}
