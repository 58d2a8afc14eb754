package io.shimmy.cli;

import io.shimmy.stream.StreamConnection;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousCloseException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies standard input to a stream connection and the connection to standard output, both at once, as raw bytes,
 * until both directions are closed: the end of standard input ends the connection's output. Each direction has a
 * thread; the calling thread waits for both, for the first failure, or for a signal.
 */
final class StreamCopy {
    private static final int BUFFER = 64 * 1024;
    private static final long CHECK_NS = TimeUnit.MILLISECONDS.toNanos(50);

    private final StreamConnection connection;
    private final InputStream in;
    private final OutputStream out;
    private final Thread waiter = Thread.currentThread();
    private final AtomicReference<CliException> failure = new AtomicReference<>();
    private volatile boolean sent;
    private volatile boolean received;

    private StreamCopy(final StreamConnection connection, final InputStream in, final OutputStream out) {
        this.connection = connection;
        this.in = in;
        this.out = out;
    }

    /**
     * Copies both ways between the process's standard streams and a connection, then closes it.
     *
     * @param connection to copy through; closed (or aborted on failure) when this returns.
     * @return 0 once both directions ended.
     * @throws CliException if the peer died or closed early, a standard stream failed, or a signal came.
     */
    static int copy(final StreamConnection connection) {
        return new StreamCopy(connection, new FileInputStream(FileDescriptor.in),
            new FileOutputStream(FileDescriptor.out)).run();
    }

    private int run() {
        try {
            start("stdin-to-stream", this::send);
            start("stream-to-stdout", this::receive);
            while (failure.get() == null && !(sent && received)) {
                if (ShutdownSignal.requested()) {
                    fail(CliException.runtime("stopped by a signal before stream '" + connection.stream() +
                        "' ended in both directions; the other end sees the connection aborted"));
                    break;
                }
                LockSupport.parkNanos(this, CHECK_NS);
            }
            final CliException failed = failure.get();
            if (failed != null) {
                connection.abort();
                throw failed;
            }
            return 0;
        } finally {
            connection.close();
        }
    }

    private void start(final String name, final Runnable body) {
        final Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void send() {
        final byte[] buffer = new byte[BUFFER];
        try {
            while (true) {
                final int n;
                try {
                    n = in.read(buffer);
                } catch (final IOException ex) {
                    fail(CliException.runtime("cannot read standard input: " + ex.getMessage()));
                    return;
                }
                if (n < 0) {
                    connection.shutdownOutput();
                    sent = true;
                    return;
                }
                connection.write(buffer, 0, n);
            }
        } catch (final AsynchronousCloseException ex) {
            return;
        } catch (final IOException ex) {
            fail(CliException.runtime(ex.getMessage()));
        } finally {
            LockSupport.unpark(waiter);
        }
    }

    private void receive() {
        final byte[] buffer = new byte[BUFFER];
        try {
            int n;
            while ((n = connection.read(buffer, 0, buffer.length)) >= 0) {
                try {
                    out.write(buffer, 0, n);
                } catch (final IOException ex) {
                    if (!String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT).contains("broken pipe")) {
                        fail(CliException.runtime("cannot write to standard output: " + ex.getMessage()));
                    }
                    break;
                }
            }
            received = true;
        } catch (final AsynchronousCloseException ex) {
            return;
        } catch (final IOException ex) {
            fail(CliException.runtime(ex.getMessage()));
        } finally {
            LockSupport.unpark(waiter);
        }
    }

    private void fail(final CliException ex) {
        failure.compareAndSet(null, ex);
        LockSupport.unpark(waiter);
    }
}
