package io.shimmy.examples.common;

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
import java.util.function.Predicate;

/**
 * A role of an example in a child JVM: the running JVM's {@code java}, this JVM's class path, no JVM flags (what a
 * container runs). Output lines (stdout and stderr together) are collected; closing kills the child (SIGKILL).
 */
public final class ExampleProcess implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();

    private ExampleProcess(final List<String> command) {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
        reader = new Thread(this::read, "example-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a child running a main class.
     *
     * @param main whose {@code main} runs.
     * @param args its arguments.
     * @return the child.
     */
    public static ExampleProcess start(final Class<?> main, final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ExampleProcess(command);
    }

    /**
     * Starts a role of an example on a channel directory.
     *
     * @param main the example's main class.
     * @param role the role.
     * @param dir the channel directory ({@code --dir}).
     * @param args the role's other options.
     * @return the child.
     */
    public static ExampleProcess role(final Class<?> main, final String role, final ShmDirectory dir,
        final String... args) {
        final String[] line = new String[args.length + 3];
        line[0] = role;
        line[1] = "--dir";
        line[2] = dir.path().toString();
        System.arraycopy(args, 0, line, 3, args.length);
        return start(main, line);
    }

    private void read() {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (final IOException ignore) {
            // the child is gone
        }
    }

    /**
     * Waits for a line of output.
     *
     * @param match what the line must satisfy.
     * @return the line.
     * @throws InterruptedException if interrupted.
     */
    public String awaitLine(final Predicate<String> match) throws InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (lines) {
            while (true) {
                for (final String line : lines) {
                    if (match.test(line)) {
                        return line;
                    }
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0 || !reader.isAlive()) {
                    throw new AssertionError((left <= 0 ? "timed out" : "the child ended") + " waiting for a line; " +
                        "output:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /**
     * Waits for the child to exit.
     *
     * @return its exit status.
     * @throws InterruptedException if interrupted.
     */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the child did not exit within " + TIMEOUT + "; output:\n" + output());
        }
        reader.join(TIMEOUT.toMillis());
        return process.exitValue();
    }

    /**
     * Sends SIGTERM, as {@code docker stop} does. Through the process handle: {@code Process.destroy()} would also
     * close this side of the child's pipes, and lose what the child prints while it stops.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /**
     * Everything the child printed so far.
     *
     * @return the lines, joined with newlines.
     */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /**
     * The lines the child printed so far.
     *
     * @return a copy.
     */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
