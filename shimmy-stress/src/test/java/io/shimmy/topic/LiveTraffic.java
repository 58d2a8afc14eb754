package io.shimmy.topic;

import io.shimmy.Shimmy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The survivors of a crash test, in the test's own JVM: one publisher (id 0) publishing self-checking messages of
 * mixed lengths as fast as the topic lets it (it can be paused), and subscribers that joined before anything was
 * published and check every message: checksum, and every publisher's sequences complete and in order.
 * <p>
 * <b>Note:</b> the verifiers belong to the subscriber threads until {@link #close()}; read them after it.
 */
final class LiveTraffic implements AutoCloseable {
    private final Publication publication;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<MessageVerifier> verifiers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final long[] positions;
    private volatile boolean paused;
    private volatile boolean idle;
    private boolean closed;
    private volatile boolean stopped;
    private volatile long published;

    LiveTraffic(final Shimmy shimmy, final String topic, final TopicConfig config, final int subscribers,
        final int maxLength) {
        publication = shimmy.publication(topic, config);
        positions = new long[subscribers * 16];
        for (int i = 0; i < subscribers; i++) {
            final Subscription subscription = shimmy.subscription(topic);
            final MessageVerifier verifier = new MessageVerifier(subscription.maxMessageLength(), false);
            subscriptions.add(subscription);
            verifiers.add(verifier);
            final int index = i;
            threads.add(thread("survivor-subscriber-" + i, () -> {
                while (!stopped) {
                    final int polled = subscription.poll(verifier, 64);
                    if (polled < 0) {
                        throw new AssertionError("poll returned " + polled);
                    }
                    synchronized (positions) {
                        positions[index * 16] = subscription.position();
                    }
                    if (polled == 0) {
                        LockSupport.parkNanos(20_000);
                    }
                }
            }));
        }
        threads.add(thread("survivor-publisher", () -> {
            final Random random = new Random(0);
            final byte[] message = new byte[maxLength];
            long sequence = 0;
            while (!stopped) {
                if (paused) {
                    idle = true;
                    LockSupport.parkNanos(100_000);
                    continue;
                }
                idle = false;
                final int length = TestMessages.MIN_LENGTH + random.nextInt(maxLength - TestMessages.MIN_LENGTH + 1);
                TestMessages.encode(message, 0, sequence, length);
                while (publication.offer(message, 0, length) < 0 && !stopped) {
                    LockSupport.parkNanos(50_000);
                }
                published = ++sequence;
                if ((sequence & 15) == 0) {
                    LockSupport.parkNanos(20_000);
                }
            }
        }));
        threads.forEach(Thread::start);
    }

    private Thread thread(final String name, final Runnable body) {
        final Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (final Throwable ex) {
                synchronized (failures) {
                    failures.add(ex);
                }
                stopped = true;
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Stops or resumes the survivor publisher; stopping waits until it is between messages.
     *
     * @param pause whether to stop it.
     */
    void paused(final boolean pause) {
        paused = pause;
        while (pause && !idle && !stopped) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** @return the topic's tail. */
    long tail() {
        return publication.position();
    }

    /** @return messages the survivor publisher has published. */
    long published() {
        return published;
    }

    /**
     * Waits until every survivor subscriber has read up to a position.
     *
     * @param position to reach.
     * @param timeoutMs how long at most.
     * @return true if they all did.
     */
    boolean awaitRead(final long position, final long timeoutMs) {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline && !stopped) {
            boolean all = true;
            synchronized (positions) {
                for (int i = 0; i < subscriptions.size(); i++) {
                    all &= positions[i * 16] >= position;
                }
            }
            if (all) {
                return true;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return false;
    }

    /** @return failures of the survivor threads so far. */
    List<Throwable> failures() {
        synchronized (failures) {
            return new ArrayList<>(failures);
        }
    }

    /** @return the survivors' verifiers; read them only after {@link #close()}. */
    List<MessageVerifier> verifiers() {
        return verifiers;
    }

    /**
     * Stops the survivor publisher, lets the survivor subscribers read everything, then stops them and closes the
     * publication and subscriptions.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        paused = true;
        while (!idle && !stopped) {
            LockSupport.parkNanos(1_000_000);
        }
        awaitRead(tail(), TimeUnit.MINUTES.toMillis(1));
        stopped = true;
        try {
            for (final Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        publication.close();
        subscriptions.forEach(Subscription::close);
    }
}
