package io.shimmy.region;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per {@code Shimmy} instance that writes the heartbeats of its open publishers, subscribers and
 * stream ends, so that liveness does not depend on how often the application calls them.
 * <p>
 * <b>Note:</b> thread-safe; tasks run on the keepalive thread and must be short and must not throw.
 */
public final class Keepalive implements AutoCloseable {
    /** A heartbeat to write. */
    @FunctionalInterface
    public interface Task {
        /**
         * Writes the heartbeat.
         *
         * @param nowNs the current {@link System#nanoTime()}.
         */
        void beat(long nowNs);
    }

    /** A registered heartbeat; closing it stops the heartbeat. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private record Entry(Task task, long intervalNs) {
    }

    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private Thread thread;

    /**
     * Registers a heartbeat.
     *
     * @param task to run.
     * @param livenessTimeoutNs of the channel: the task runs at least every quarter of it.
     * @return a handle that unregisters the task when closed.
     */
    public synchronized Registration register(final Task task, final long livenessTimeoutNs) {
        final Entry entry = new Entry(task, Math.max(TimeUnit.MILLISECONDS.toNanos(1),
            Math.min(TimeUnit.SECONDS.toNanos(1), livenessTimeoutNs / 4)));
        entries.add(entry);
        if (thread == null && !closed) {
            thread = new Thread(this::run, "shimmy-keepalive");
            thread.setDaemon(true);
            thread.start();
        }
        LockSupport.unpark(thread);
        return () -> entries.remove(entry);
    }

    private void run() {
        while (!closed) {
            long interval = TimeUnit.SECONDS.toNanos(1);
            final long now = System.nanoTime();
            for (final Entry entry : entries) {
                entry.task.beat(now);
                interval = Math.min(interval, entry.intervalNs);
            }
            LockSupport.parkNanos(this, interval);
        }
    }

    /**
     * Stops the thread; registered heartbeats are no longer written.
     */
    @Override
    public synchronized void close() {
        closed = true;
        entries.clear();
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }
}
