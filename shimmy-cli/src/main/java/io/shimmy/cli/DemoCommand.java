package io.shimmy.cli;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.topic.TopicStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code shimmy demo}: a self-contained tour. Starts a pong process that echoes topic {@code demo-ping} on
 * {@code demo-pong}, and a ping process that times round trips through it and then measures one-way throughput;
 * both are child JVMs running this same program (hidden subcommands {@code demo-pong} and {@code demo-ping}) in a
 * fresh temporary channel directory, removed at the end.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Run a two-process demo and print latency and throughput.",
    description = {"Starts a subscriber process and a publisher process on fresh topics in a temporary directory " +
        "(under /dev/shm when possible), times round trips of 32-byte messages between them, measures one-way " +
        "throughput, prints round-trip percentiles and throughput, cleans up and exits 0. Takes a few seconds and " +
        "keeps two cores busy meanwhile.",
        "Exits 1 if a child process fails or the demo takes longer than 30 s."})
final class DemoCommand implements Callable<Integer> {
    private static final long READY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(15);
    private static final long RUN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final String MAIN_CLASS = ShimmyCli.class.getName();

    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    private final Map<Process, String> children = new LinkedHashMap<>();
    private Path dir;

    @Override
    public Integer call() throws IOException, InterruptedException {
        final long start = System.nanoTime();
        dir = createDirectory();
        final Thread cleanup = new Thread(this::cleanUp, "shimmy-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        String problem = null;
        try {
            run(start);
        } finally {
            problem = cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (final IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds nothing left to do
            }
        }
        if (problem != null) {
            throw CliException.runtime(problem);
        }
        spec.commandLine().getOut().println("removed " + dir);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private void run(final long start) throws IOException, InterruptedException {
        final PrintWriter out = spec.commandLine().getOut();
        out.println("shimmy demo: topics " + Demo.PING_TOPIC + " and " + Demo.PONG_TOPIC + " in " + dir);
        out.flush();
        final Process pong = start("pong", "demo-pong");
        awaitSubscriber(pong);
        out.println("pong process " + pong.pid() + ": subscribed to " + Demo.PING_TOPIC + ", echoes each message on " +
            Demo.PONG_TOPIC);
        out.flush();
        final Process ping = start("ping", "demo-ping");
        out.println("ping process " + ping.pid() + ": sends timed " + Demo.MESSAGE_LENGTH + "-byte messages on " +
            Demo.PING_TOPIC + " and waits for each echo, then a one-way burst");
        out.flush();
        awaitExit(ping, "ping", start);
        awaitExit(pong, "pong", start);
        report(out, readResult());
    }

    private static Path createDirectory() throws IOException {
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm :
            Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(base, "shimmy-demo-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private Process start(final String role, final String command) throws IOException {
        final List<String> line = new ArrayList<>();
        line.add(javaCommand());
        line.add("-cp");
        line.add(System.getProperty("java.class.path"));
        line.add(MAIN_CLASS);
        line.add("--dir");
        line.add(dir.toString());
        line.add(command);
        line.add("--parent-pid");
        line.add(String.valueOf(ProcessHandle.current().pid()));
        final ProcessBuilder builder = new ProcessBuilder(line)
            .redirectOutput(log(role, "out").toFile())
            .redirectError(log(role, "err").toFile());
        final Process process = builder.start();
        process.getOutputStream().close();
        children.put(process, role);
        return process;
    }

    private Path log(final String role, final String stream) {
        return dir.resolve("." + role + "." + stream);
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void awaitSubscriber(final Process pong) throws InterruptedException {
        final long start = System.nanoTime();
        while (true) {
            try {
                final TopicStatus status = TopicStatus.read(dir, Demo.PING_TOPIC);
                if (status.subscribers().stream().anyMatch(TopicStatus.Party::alive) &&
                    Files.exists(dir.resolve(Demo.PONG_TOPIC))) {
                    return;
                }
            } catch (final ChannelNotFoundException notYet) {
                // the pong process has not created it yet
            }
            if (!pong.isAlive()) {
                throw failure("pong", pong);
            }
            if (System.nanoTime() - start > READY_TIMEOUT_NS) {
                throw CliException.runtime("demo: the pong process did not subscribe within " +
                    Units.duration(READY_TIMEOUT_NS) + " (is the machine overloaded?)");
            }
            Thread.sleep(10);
        }
    }

    private void awaitExit(final Process process, final String role, final long start)
        throws InterruptedException {
        while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
            for (final Process child : children.keySet()) {
                if (child != process && !child.isAlive() && child.exitValue() != 0) {
                    throw failure(children.get(child), child);
                }
            }
            if (System.nanoTime() - start > RUN_TIMEOUT_NS) {
                throw CliException.runtime("demo: the " + role + " process did not finish within " +
                    Units.duration(RUN_TIMEOUT_NS) + " (is the machine overloaded?); stopped it");
            }
        }
        if (process.exitValue() != 0) {
            throw failure(role, process);
        }
    }

    private CliException failure(final String role, final Process process) {
        String reason = "";
        try {
            final List<String> lines = Files.readAllLines(log(role, "err"), StandardCharsets.UTF_8);
            for (final String line : lines) {
                if (!line.isBlank()) {
                    reason = line.startsWith("shimmy: ") ? line.substring(8) : line;
                    break;
                }
            }
        } catch (final IOException ex) {
            reason = "";
        }
        return CliException.runtime("demo: the " + role + " process exited with status " + process.exitValue() +
            (reason.isEmpty() ? "" : ": " + reason));
    }

    private long[] readResult() throws IOException {
        for (final String line : Files.readAllLines(log("ping", "out"), StandardCharsets.UTF_8)) {
            if (line.startsWith("result ")) {
                final String[] fields = line.substring(7).trim().split(" ");
                final long[] values = new long[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    values[i] = Long.parseLong(fields[i]);
                }
                if (values.length == 10) {
                    return values;
                }
            }
        }
        throw CliException.runtime("demo: the ping process finished without a result");
    }

    private static void report(final PrintWriter out, final long[] result) {
        final long timed = result[0];
        final long warmups = result[1];
        final long sent = result[7];
        final long received = result[8];
        final double seconds = result[9] / 1e9;
        if (received != sent) {
            throw CliException.runtime("demo: the pong process received " + received + " of " + sent +
                " burst messages");
        }
        out.println("round trip (" + timed + " timed after " + warmups + " warm-up, in microseconds):");
        final String[] labels = {"p50", "p90", "p99", "p99.9", "max"};
        for (int i = 0; i < labels.length; i++) {
            out.println(String.format(Locale.ROOT, "  %-6s %10.2f us", labels[i], result[2 + i] / 1e3));
        }
        out.println(String.format(Locale.ROOT, "throughput: %.2f M msgs/s, %.1f MB/s (%d messages of %d bytes, " +
            "one way, in %.2f s)", received / seconds / 1e6, received * Demo.MESSAGE_LENGTH / seconds / 1e6, received,
            Demo.MESSAGE_LENGTH, seconds));
        out.flush();
    }

    /**
     * Stops the children and removes the directory; runs from the main thread and, if the demo is interrupted,
     * from a shutdown hook.
     *
     * @return null, or why the directory could not be removed.
     */
    private synchronized String cleanUp() {
        for (final Process child : children.keySet()) {
            child.destroy();
        }
        for (final Process child : children.keySet()) {
            try {
                if (!child.waitFor(1, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor(1, TimeUnit.SECONDS);
                }
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
                child.destroyForcibly();
            }
        }
        if (dir == null || !Files.exists(dir)) {
            return null;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
            return null;
        } catch (final IOException | UncheckedIOException ex) {
            return "demo: cannot remove " + dir + ": " + ex.getMessage();
        }
    }
}
