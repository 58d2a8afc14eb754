package io.shimmy.examples.common;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A clean stop on SIGTERM (what {@code docker stop} and Kubernetes send to a container's process 1) and SIGINT.
 * The JVM's shutdown hook only raises a flag, interrupts the main thread if asked to, and waits at most
 * {@link #GRACE_MS} ms for the main thread, which polls {@link #requested()}, to print its summary, close what it
 * opened (releasing its subscriber slot or ending its stream) and report its exit status. The process then exits
 * with that status, so a stop by signal after a good run exits 0, not 143.
 * <p>
 * The JVM handles SIGTERM itself, also as process 1 of a container, so no init process is needed in the image.
 * <p>
 * <b>Note:</b> one per process, installed by {@link Launcher}.
 */
public final class Shutdown {
    /** Longest wait of the shutdown hook for the main thread, well inside Docker's default 10 s grace period. */
    public static final long GRACE_MS = 5000;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread main;
    private volatile boolean requested;
    private volatile boolean interruptOnStop;
    private volatile int status;

    private Shutdown(final Thread main) {
        this.main = main;
    }

    /**
     * Installs the hook for the calling (main) thread.
     *
     * @return the shutdown flag.
     */
    static Shutdown install() {
        final Shutdown shutdown = new Shutdown(Thread.currentThread());
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown::onShutdown, "shimmy-example-shutdown"));
        return shutdown;
    }

    /**
     * A flag that nothing raises but {@link #request()}: for tests and for running a role inside another program.
     *
     * @return a new flag.
     */
    public static Shutdown manual() {
        return new Shutdown(null);
    }

    /**
     * Whether the process was asked to stop.
     *
     * @return true once SIGTERM or SIGINT arrived (or {@link #request()} was called).
     */
    public boolean requested() {
        return requested;
    }

    /**
     * Asks for a stop, as a signal would.
     */
    public void request() {
        requested = true;
    }

    /**
     * Sets whether a stop also interrupts the main thread: for a role that waits in calls that end early when
     * interrupted (a blocking stream read throws {@code InterruptedIOException}).
     *
     * @param interrupt true to interrupt.
     */
    public void interruptOnStop(final boolean interrupt) {
        interruptOnStop = interrupt;
    }

    /**
     * Records the exit status and lets a waiting shutdown hook end the process with it.
     *
     * @param exitStatus of the role.
     */
    void finished(final int exitStatus) {
        status = exitStatus;
        finished.countDown();
    }

    private void onShutdown() {
        requested = true;
        if (interruptOnStop && main != null) {
            main.interrupt();
        }
        try {
            if (finished.await(GRACE_MS, TimeUnit.MILLISECONDS)) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(status);
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
