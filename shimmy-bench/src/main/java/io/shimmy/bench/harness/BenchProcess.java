package io.shimmy.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM of a run, as the {@link Runner} sees it: its standard output lines (the {@link BenchChild} protocol),
 * the end of its standard error for failure messages, and its standard input, whose closing ends it.
 */
final class BenchProcess implements AutoCloseable {
    private static final int STDERR_LINES = 20;

    private final String role;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Deque<String> stderr = new ArrayDeque<>();

    BenchProcess(final String role, final List<String> command) {
        this.role = role;
        try {
            this.process = new ProcessBuilder(command).start();
        } catch (final IOException ex) {
            throw new BenchException("cannot start the " + role + " process (" + command.get(0) + "): " +
                ex.getMessage());
        }
        daemon("bench-out-" + process.pid(), () -> read(process.getInputStream(), false));
        daemon("bench-err-" + process.pid(), () -> read(process.getErrorStream(), true));
    }

    private static void daemon(final String name, final Runnable body) {
        final Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void read(final InputStream stream, final boolean error) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (error) {
                    synchronized (stderr) {
                        stderr.addLast(line);
                        if (stderr.size() > STDERR_LINES) {
                            stderr.removeFirst();
                        }
                    }
                } else {
                    lines.add(line);
                }
            }
        } catch (final IOException ignore) {
            // the process is gone
        }
    }

    /**
     * The process id.
     *
     * @return the pid.
     */
    long pid() {
        return process.pid();
    }

    /**
     * Waits for a line of the protocol.
     *
     * @param prefix that the line starts with, e.g. {@code READY}; other lines are skipped.
     * @param deadlineNs {@link System#nanoTime()} after which to give up.
     * @param what the run, for messages.
     * @return the rest of the line after the prefix and a space, maybe empty; null if the deadline passed first.
     * @throws BenchException if the process reports an error or exits.
     */
    String await(final String prefix, final long deadlineNs, final String what) throws InterruptedException {
        while (true) {
            final long left = deadlineNs - System.nanoTime();
            String line = lines.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))),
                TimeUnit.NANOSECONDS);
            if (line == null) {
                if (!process.isAlive()) {
                    process.waitFor(1, TimeUnit.SECONDS);
                    line = lines.poll(200, TimeUnit.MILLISECONDS);
                    if (line == null) {
                        throw failure(what, "exited with status " + process.exitValue() + " before " + prefix);
                    }
                } else if (left <= 0) {
                    return null;
                } else {
                    continue;
                }
            }
            if (line.startsWith("ERROR")) {
                throw failure(what, "failed: " + line.substring(Math.min(line.length(), 6)));
            }
            if (line.equals(prefix)) {
                return "";
            }
            if (line.startsWith(prefix + " ")) {
                return line.substring(prefix.length() + 1);
            }
        }
    }

    /**
     * Fails if the process has already exited.
     *
     * @param what the run, for messages.
     * @throws BenchException if it is gone.
     */
    void checkAlive(final String what) {
        if (!process.isAlive()) {
            final String error = lines.stream().filter(l -> l.startsWith("ERROR")).findFirst().orElse(null);
            throw failure(what, error != null ? "failed: " + error.substring(Math.min(error.length(), 6)) :
                "exited with status " + process.exitValue());
        }
    }

    /**
     * A failure of this process.
     *
     * @param what the run, for messages.
     * @param problem what happened.
     * @return the exception, with the end of the process's standard error.
     */
    BenchException failure(final String what, final String problem) {
        final String tail;
        synchronized (stderr) {
            tail = stderr.isEmpty() ? "" : "; its last standard error lines: " + String.join(" | ", stderr);
        }
        return new BenchException(what + ": the " + role + " process (pid " + process.pid() + ") " + problem + tail);
    }

    /**
     * Ends the process: closes its standard input (it halts), then kills it if it is still there after a while.
     */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (final IOException ignore) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException ex) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
