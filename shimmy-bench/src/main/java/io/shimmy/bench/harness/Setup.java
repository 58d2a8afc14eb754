package io.shimmy.bench.harness;

import java.nio.file.Path;

/**
 * What a transport is told about the run it takes part in.
 */
public final class Setup {
    private final Path dir;
    private final int messageLength;
    private final int servers;
    private final boolean duplex;
    private final Wait wait;
    private final int capacity;
    private final Runnable onReady;
    private boolean ready;

    /**
     * Describes a run.
     *
     * @param dir a fresh directory under {@code /dev/shm} that every process of the run shares, removed afterwards.
     * @param messageLength of every message, at least 8 (the sequence number).
     * @param servers how many servers the client talks to.
     * @param duplex true in latency runs: servers echo to the client.
     * @param wait how processes wait.
     * @param capacity bytes of each ring, for transports that have one.
     * @param onReady what {@link #ready()} does the first time.
     */
    public Setup(final Path dir, final int messageLength, final int servers, final boolean duplex, final Wait wait,
        final int capacity, final Runnable onReady) {
        this.dir = dir;
        this.messageLength = messageLength;
        this.servers = servers;
        this.duplex = duplex;
        this.wait = wait;
        this.capacity = capacity;
        this.onReady = onReady;
    }

    /**
     * The run's shared directory.
     *
     * @return a directory on a tmpfs.
     */
    public Path dir() {
        return dir;
    }

    /**
     * Length of every message.
     *
     * @return bytes, at least 8.
     */
    public int messageLength() {
        return messageLength;
    }

    /**
     * Number of servers.
     *
     * @return at least 1.
     */
    public int servers() {
        return servers;
    }

    /**
     * Whether servers echo messages back (a latency run).
     *
     * @return true in latency runs.
     */
    public boolean duplex() {
        return duplex;
    }

    /**
     * How processes wait.
     *
     * @return the wait.
     */
    public Wait waitMode() {
        return wait;
    }

    /**
     * Capacity of each ring, for transports that have one.
     *
     * @return bytes, a power of two.
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Tells the runner that the client may connect now; only the first call counts.
     */
    public void ready() {
        if (!ready) {
            ready = true;
            onReady.run();
        }
    }
}
