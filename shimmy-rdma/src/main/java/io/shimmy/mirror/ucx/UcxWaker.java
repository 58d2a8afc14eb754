package io.shimmy.mirror.ucx;

import org.openucx.jucx.ucp.UcpWorker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets the thread that owns a UCX worker sleep until the worker's transport has events (UCX's wake-up feature,
 * {@code ucp_worker_wait}), so that a remote write or a flush's completion wakes it at once instead of at the end
 * of a polling sleep. jucx 1.12's {@code waitForEvents} takes no timeout, so one daemon thread of the process
 * signals every worker whose sleep is due, about once a {@link #TICK_NS}: the owner still notices its control
 * connection, heartbeats and being closed. The daemon runs only while workers are registered. Where the context
 * lacks the wake-up feature, a sleep is a short park, and the owner polls.
 */
final class UcxWaker {
    /** How often due sleepers are woken: the longest a sleep overruns its timeout. */
    static final long TICK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Longest sleep without the wake-up feature: remote writes wake nothing then. */
    private static final long POLL_PARK_NS = TimeUnit.MICROSECONDS.toNanos(20);

    private static final List<Sleeper> SLEEPERS = new CopyOnWriteArrayList<>();
    private static Thread thread;

    private UcxWaker() {
    }

    /**
     * Takes charge of a worker's sleeps and, on {@link Sleeper#close()}, of closing it.
     *
     * @param worker the worker, progressed by one thread, which alone calls {@link Sleeper#await}.
     * @return its sleeper.
     */
    static Sleeper register(final UcpWorker worker) {
        final Sleeper sleeper = new Sleeper(worker, Ucx.wakeup());
        synchronized (UcxWaker.class) {
            SLEEPERS.add(sleeper);
            if (thread == null) {
                thread = new Thread(UcxWaker::run, "shimmy-ucx-waker");
                thread.setDaemon(true);
                thread.start();
            } else {
                LockSupport.unpark(thread);
            }
        }
        return sleeper;
    }

    private static void run() {
        while (true) {
            if (SLEEPERS.isEmpty()) {
                LockSupport.park();
                continue;
            }
            LockSupport.parkNanos(TICK_NS);
            final long now = System.nanoTime();
            for (final Sleeper sleeper : SLEEPERS) {
                sleeper.tick(now);
            }
        }
    }

    /** The sleeps of one worker. */
    static final class Sleeper implements AutoCloseable {
        private final UcpWorker worker;
        private final boolean wakeup;
        /** When the sleep in progress is due to end; 0 while awake. */
        private volatile long dueNs;
        private boolean closed;

        private Sleeper(final UcpWorker worker, final boolean wakeup) {
            this.worker = worker;
            this.wakeup = wakeup;
        }

        /**
         * Sleeps until the worker has events, or about the timeout (at most one tick more) passed. Progress the
         * worker after it returns.
         *
         * @param timeoutNs longest sleep.
         */
        void await(final long timeoutNs) {
            if (!wakeup) {
                LockSupport.parkNanos(Math.min(timeoutNs, POLL_PARK_NS));
                return;
            }
            final long due = System.nanoTime() + timeoutNs;
            dueNs = due == 0 ? 1 : due;
            try {
                worker.waitForEvents();
            } finally {
                dueNs = 0;
            }
        }

        private synchronized void tick(final long now) {
            final long due = dueNs;
            if (!closed && due != 0 && now - due >= 0) {
                worker.signal();
            }
        }

        /** Stops waking the worker, then closes it. */
        @Override
        public void close() {
            synchronized (this) {
                closed = true;
            }
            SLEEPERS.remove(this);
            try {
                worker.close();
            } catch (final RuntimeException ignore) {
                // nothing more to release
            }
        }
    }
}
