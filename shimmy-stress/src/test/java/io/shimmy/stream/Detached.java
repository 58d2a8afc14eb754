package io.shimmy.stream;

import io.shimmy.region.Keepalive;

/**
 * What the stream suites open connections with when no {@code Shimmy} holds them: a keepalive that is closed
 * before anything registers (so heartbeats stay as the test wrote them) and an owner that keeps nothing.
 */
final class Detached {
    /** A closed keepalive: no thread. */
    static final Keepalive KEEPALIVE = stoppedKeepalive();
    /** An owner that keeps nothing. */
    static final StreamOwner NOBODY = new StreamOwner() {
        @Override
        public void opened(final AutoCloseable resource) {
        }

        @Override
        public void closed(final AutoCloseable resource) {
        }
    };

    private Detached() {
    }

    /**
     * A keepalive that was closed at once: its heartbeats are never written.
     *
     * @return the keepalive.
     */
    static Keepalive stoppedKeepalive() {
        final Keepalive keepalive = new Keepalive();
        keepalive.close();
        return keepalive;
    }
}
