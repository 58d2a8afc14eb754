package io.shimmy.stream;

import io.shimmy.ShimmyContext;
import io.shimmy.region.Keepalive;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Stream ends whose heartbeats stop while they stay open, as when their process is killed: opened with a
 * keepalive of their own that {@link #stop()} closes.
 */
final class Frozen implements AutoCloseable {
    /** A liveness timeout short enough for tests to outwait. */
    static final long LIVENESS_NS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Keepalive keepalive = new Keepalive();
    private final ShimmyContext context;
    private final StreamOwner owner = new StreamOwner() {
        @Override
        public void opened(final AutoCloseable resource) {
        }

        @Override
        public void closed(final AutoCloseable resource) {
        }
    };

    Frozen(final Path dir) {
        this.context = new ShimmyContext().dir(dir).conclude();
    }

    StreamListener listen(final String name, final StreamConfig config) {
        return StreamListener.listen(context, keepalive, owner, name, config);
    }

    StreamConnection connect(final String name, final StreamConfig config) {
        return StreamConnection.connect(context, keepalive, owner, name, config);
    }

    /** Stops every heartbeat of what this opened. */
    void stop() {
        keepalive.close();
    }

    /** Waits until heartbeats written before {@link #stop()} are older than {@link #LIVENESS_NS}. */
    static void outwait() throws InterruptedException {
        Thread.sleep(3 * TimeUnit.NANOSECONDS.toMillis(LIVENESS_NS));
    }

    @Override
    public void close() {
        keepalive.close();
    }
}
