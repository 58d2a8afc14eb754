package io.shimmy.mirror;

import io.shimmy.mirror.bench.Namespaces;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link MirrorNode} inside a network namespace ({@code ip netns exec}), with no JVM flags, the
 * test's class path and the shared secret in its environment. Its output lines are kept for
 * {@link #awaitLine} and failure messages; closing it kills it (SIGKILL).
 */
final class Node implements AutoCloseable {
    private final Process process;
    private final String label;
    private final List<String> output = new ArrayList<>();
    private int consumed;

    private Node(final List<String> command, final String label) {
        this.label = label;
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(MirrorSecret.ENV, MirrorTest.SECRET);
        try {
            this.process = builder.start();
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
        final Thread reader = new Thread(this::read, "node-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@link MirrorNode} in a namespace.
     *
     * @param namespace where to run it.
     * @param args its arguments.
     * @return the running node.
     */
    static Node start(final String namespace, final String... args) {
        final List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
            MirrorNode.class.getName()));
        java.addAll(List.of(args));
        return new Node(Namespaces.in(namespace, java), namespace + ": " + String.join(" ", args));
    }

    private void read() {
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                    output.notifyAll();
                }
            }
        } catch (final IOException ignore) {
            // killed
        }
    }

    /**
     * Waits for the next line that starts with a prefix.
     *
     * @param prefix of the line.
     * @param timeout longest wait.
     * @return the line.
     * @throws InterruptedException if interrupted.
     */
    String awaitLine(final String prefix, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                while (consumed < output.size()) {
                    final String line = output.get(consumed++);
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no line starting '" + prefix + "' within " + timeout + "; " + describe());
                }
                output.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /**
     * Whether some line so far contains a text.
     *
     * @param text to look for.
     * @return true if printed.
     */
    boolean printed(final String text) {
        synchronized (output) {
            return output.stream().anyMatch(line -> line.contains(text));
        }
    }

    /**
     * Kills the node with SIGKILL and waits for it.
     *
     * @throws InterruptedException if interrupted.
     */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("node " + process.pid() + " survived SIGKILL");
        }
    }

    /**
     * Whether it still runs.
     *
     * @return true if alive.
     */
    boolean alive() {
        return process.isAlive();
    }

    /**
     * The command and everything printed so far.
     *
     * @return a description for failure messages.
     */
    String describe() {
        synchronized (output) {
            return label + ", output:\n  " + String.join("\n  ", output);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
