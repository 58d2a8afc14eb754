package io.shimmy.topic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link ChildProcess}, started with the running JVM's {@code java} binary and this JVM's class
 * path and no JVM flags at all: what a user's process gets. Its stdout and stderr lines are collected for
 * {@link #awaitLine(String, Duration)} and for failure messages. Closing it kills it (SIGKILL on Linux).
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> command;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();

    private ChildJvm(final List<String> command) {
        this.command = command;
        try {
            this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (final IOException ex) {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
        final Thread reader = new Thread(this::read, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a child running {@link ChildProcess} with the given arguments.
     *
     * @param args the command and its arguments.
     * @return the running child.
     */
    public static ChildJvm start(final String... args) {
        return new ChildJvm(javaCommand(args));
    }

    /**
     * Starts a child running another main class on this class path (which should call
     * {@link ChildProcess#exitWithParent()} first, so that it never outlives the test).
     *
     * @param main the class whose {@code main} runs.
     * @param args its arguments.
     * @return the running child.
     */
    public static ChildJvm start(final Class<?> main, final String... args) {
        return new ChildJvm(javaCommand(main, args));
    }

    /**
     * Starts a child through {@code /bin/sh} with another umask.
     *
     * @param umask octal, e.g. {@code 077}.
     * @param args the command and its arguments.
     * @return the running child.
     */
    public static ChildJvm startWithUmask(final String umask, final String... args) {
        final List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"",
            "sh"));
        command.addAll(javaCommand(args));
        return new ChildJvm(command);
    }

    /**
     * The command line a child runs: {@code java -cp CLASSPATH io.shimmy.topic.ChildProcess ARGS}.
     *
     * @param args the arguments of {@link ChildProcess}.
     * @return the command.
     */
    public static List<String> javaCommand(final String... args) {
        return javaCommand(ChildProcess.class, args);
    }

    private static List<String> javaCommand(final Class<?> main, final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    private void read() {
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                lines.add(line);
            }
        } catch (final IOException ignore) {
            // the child was killed
        }
    }

    /**
     * Waits for a line that starts with a prefix, skipping others.
     *
     * @param prefix the line starts with.
     * @param timeout how long to wait at most.
     * @return the line.
     * @throws AssertionError with the child's output if no such line came in time.
     */
    public String awaitLine(final String prefix, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final long left = deadline - System.nanoTime();
            final String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("child did not print '" + prefix + "' within " + timeout +
                    (process.isAlive() ? "" : " (exited with " + process.exitValue() + ")") + "; " + describe());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /**
     * Takes the lines printed so far, without waiting, until one starts with a prefix.
     *
     * @param prefix the line starts with.
     * @return the line, or null if none came yet.
     */
    public String pollLine(final String prefix) {
        String line;
        while ((line = lines.poll()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        return null;
    }

    /**
     * Waits for the child to exit.
     *
     * @param timeout how long to wait at most.
     * @return the exit code.
     * @throws AssertionError with the child's output if it is still running.
     */
    public int awaitExit(final Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child still running after " + timeout + "; " + describe());
        }
        return process.exitValue();
    }

    /**
     * Kills the child with SIGKILL and waits for it to be gone.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /**
     * The process.
     *
     * @return the process.
     */
    public Process process() {
        return process;
    }

    /**
     * The command line and everything the child printed so far.
     *
     * @return a description for assertion messages.
     */
    public String describe() {
        synchronized (output) {
            return "command " + command + ", output:\n  " + String.join("\n  ", output);
        }
    }

    /**
     * Kills the child with SIGKILL if it still runs, and waits a bounded time for it to be gone.
     */
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
