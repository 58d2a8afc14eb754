package io.shimmy.mirror;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving side of mirrors: listens on the one address it is given, accepts only senders that prove the
 * shared secret, and keeps a replica of each topic they push in this host's channel directory, which local
 * subscribers read with the ordinary API. Each connection runs on a thread of its own.
 * <p>
 * Hostile or broken peers (a wrong secret, another protocol, layout version or transport, impossible parameters,
 * truncated frames, writes out of range, tails over bytes that are not whole records) are refused with one log
 * line each and never corrupt a replica: only what was checked is published to subscribers.
 * <pre>{@code
 * try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
 *      MirrorServer server = new MirrorServer(shimmy, new InetSocketAddress("10.0.0.2", 7781), context).start()) {
 *     server.awaitClose();
 * }
 * }</pre>
 */
public final class MirrorServer implements AutoCloseable {
    private final Shimmy shimmy;
    private final InetSocketAddress bind;
    private final MirrorContext context;
    private final List<InboundConnection> connections = new ArrayList<>();
    private ServerSocketChannel server;
    private Thread acceptor;
    private volatile boolean closed;

    /**
     * A server, not yet listening.
     *
     * @param shimmy where replicas live.
     * @param bind the address to listen on, and only that one.
     * @param context the options, concluded here.
     */
    public MirrorServer(final Shimmy shimmy, final InetSocketAddress bind, final MirrorContext context) {
        this.shimmy = shimmy;
        this.bind = bind;
        this.context = context.conclude();
    }

    /**
     * Binds and starts accepting connections.
     *
     * @return this.
     * @throws ShimmyException if the address cannot be bound.
     */
    public synchronized MirrorServer start() {
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, 16);
        } catch (final IOException ex) {
            close();
            throw new ShimmyException("cannot listen on " + bind + ": " + ex.getMessage() + "; give --bind an " +
                "address of this host and a free port", ex);
        }
        acceptor = new Thread(this::accept, "shimmy-mirror-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        context.log().accept("serving replicas on " + address() + " (transport " + context.transport() + ")");
        return this;
    }

    /**
     * The bound address, with the actual port if 0 was asked.
     *
     * @return the address.
     */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress)server.getLocalAddress();
        } catch (final IOException ex) {
            return bind;
        }
    }

    private void accept() {
        while (!closed) {
            final SocketChannel channel;
            try {
                channel = server.accept();
            } catch (final ClosedChannelException ex) {
                return;
            } catch (final IOException ex) {
                if (!closed) {
                    context.log().accept("accepting a connection failed: " + ex.getMessage());
                }
                continue;
            }
            final InboundConnection connection = new InboundConnection(shimmy, context, bind.getAddress(), channel);
            synchronized (this) {
                if (closed) {
                    connection.close();
                    return;
                }
                connections.removeIf(InboundConnection::finished);
                connections.add(connection);
            }
            connection.start();
        }
    }

    /**
     * Waits until {@link #close()} is called from another thread.
     *
     * @throws InterruptedException if interrupted.
     */
    public void awaitClose() throws InterruptedException {
        final Thread thread;
        synchronized (this) {
            thread = acceptor;
        }
        if (thread != null) {
            thread.join();
        }
    }

    /**
     * Stops listening and closes every connection; replicas stay for their subscribers and the next mirror.
     */
    @Override
    public void close() {
        final List<InboundConnection> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(connections);
            connections.clear();
        }
        if (server != null) {
            try {
                server.close();
            } catch (final IOException ignore) {
                // the socket is gone either way
            }
        }
        for (final InboundConnection connection : open) {
            connection.close();
        }
        for (final InboundConnection connection : open) {
            connection.join();
        }
        final Thread thread = acceptor;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(); // the listening socket is released only once its accept has returned
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
