package io.shimmy.region;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class KeepaliveTest {
    private static void awaitAtLeast(final AtomicLong count, final long atLeast) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(count.get()).isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    @Timeout(30)
    void shouldBeatEveryRegisteredTaskWithTheCurrentNanoTime() throws Exception {
        final AtomicLong beats = new AtomicLong();
        final AtomicLong last = new AtomicLong();
        try (Keepalive keepalive = new Keepalive()) {
            final long before = System.nanoTime();
            keepalive.register(now -> {
                last.set(now);
                beats.incrementAndGet();
            }, TimeUnit.MILLISECONDS.toNanos(20));

            awaitAtLeast(beats, 5);

            assertThat(last.get()).isGreaterThanOrEqualTo(before).isLessThanOrEqualTo(System.nanoTime());
        }
    }

    @Test
    @Timeout(30)
    void shouldStopBeatingATaskOnceItsHandleIsClosed() throws Exception {
        final AtomicLong kept = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        try (Keepalive keepalive = new Keepalive()) {
            keepalive.register(now -> kept.incrementAndGet(), TimeUnit.MILLISECONDS.toNanos(20));
            final AutoCloseable handle =
                keepalive.register(now -> dropped.incrementAndGet(), TimeUnit.MILLISECONDS.toNanos(20));
            awaitAtLeast(dropped, 2);

            handle.close();
            final long afterClose = dropped.get();
            awaitAtLeast(kept, kept.get() + 5);

            assertThat(dropped.get()).isLessThanOrEqualTo(afterClose + 1);
        }
    }
}
