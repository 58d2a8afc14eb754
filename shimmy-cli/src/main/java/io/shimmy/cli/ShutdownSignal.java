package io.shimmy.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a long-running subcommand stop cleanly on SIGINT or SIGTERM: the JVM's shutdown hook only raises a flag and
 * then waits (at most {@link #GRACE_MS} ms) for the main thread, which polls {@link #requested()}, to close what it
 * opened (releasing its subscriber slot) and finish. The process then exits with the status the command returned,
 * 0 for a stop by signal.
 * <p>
 * <b>Note:</b> one per process; {@link #install()} is called by the subcommands that need it, from the main thread.
 */
final class ShutdownSignal {
    /** Longest wait of the shutdown hook for the main thread. */
    static final long GRACE_MS = 2000;

    private static final CountDownLatch FINISHED = new CountDownLatch(1);
    private static volatile boolean requested;
    private static volatile int status;
    private static volatile Thread interrupted;
    private static boolean installed;

    private ShutdownSignal() {
    }

    /**
     * Installs the shutdown hook, once.
     */
    static synchronized void install() {
        if (!installed) {
            installed = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownSignal::onShutdown, "shimmy-shutdown"));
        }
    }

    /**
     * Installs the shutdown hook, once, and has it also interrupt the calling thread, for a command whose main
     * thread waits in calls that return early when interrupted.
     */
    static synchronized void installInterrupting() {
        install();
        interrupted = Thread.currentThread();
    }

    /**
     * Whether the process was asked to stop.
     *
     * @return true once SIGINT, SIGTERM or {@code System.exit} started the JVM's shutdown.
     */
    static boolean requested() {
        return requested;
    }

    /**
     * Exits the process: called by {@code main} when the command has finished.
     *
     * @param exitStatus of the command.
     */
    static void exit(final int exitStatus) {
        status = exitStatus;
        FINISHED.countDown();
        System.exit(exitStatus);
    }

    private static void onShutdown() {
        requested = true;
        final Thread main = interrupted;
        if (main != null) {
            main.interrupt();
        }
        try {
            if (FINISHED.await(GRACE_MS, TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().halt(status);
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
