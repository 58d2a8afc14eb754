package io.shimmy.stream;

import io.shimmy.Shimmy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Both ends of a connection made in one process: a connect in another thread, accepted here.
 *
 * @param connector the end that connected.
 * @param acceptor the end the listener accepted.
 */
record Pair(StreamConnection connector, StreamConnection acceptor) implements AutoCloseable {
    static Pair open(final Shimmy shimmy, final StreamListener listener, final StreamConfig config)
        throws IOException, InterruptedException, ExecutionException, TimeoutException {
        final CompletableFuture<StreamConnection> connecting =
            CompletableFuture.supplyAsync(() -> shimmy.connect(listener.name(), config));
        final StreamConnection accepted = listener.accept(TimeUnit.SECONDS.toNanos(30));
        return new Pair(connecting.get(30, TimeUnit.SECONDS), accepted);
    }

    @Override
    public void close() {
        connector.close();
        if (acceptor != null) {
            acceptor.close();
        }
    }
}
