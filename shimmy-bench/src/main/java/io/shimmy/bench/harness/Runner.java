package io.shimmy.bench.harness;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;

/**
 * Runs the harness: for each measurement, a fresh directory under the work root, child JVMs started with the
 * transport's flags (and pinned with {@code taskset} if CPUs are given), their reports collected, every process
 * ended and the directory removed, also when the run fails.
 * <p>
 * <b>Note:</b> one run at a time per instance.
 */
public final class Runner {
    private static final long READY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long SLICE_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long DEFAULT_CLOCK_TICKS = 100;

    private final RunnerConfig config;

    /**
     * A runner.
     *
     * @param config java command, class path, pinning, timeout, ring capacity.
     */
    public Runner(final RunnerConfig config) {
        this.config = config.conclude();
    }

    /**
     * Ping-pong: the ping process sends a message, the pong process echoes it, the ping process times the round
     * trip; {@code warmup} untimed round trips, then {@code count} recorded.
     *
     * @param kind the transport.
     * @param size of each message, at least 8.
     * @param wait how both sides wait.
     * @param warmup untimed round trips first.
     * @param count timed round trips.
     * @return the histogram of round trips.
     * @throws BenchException if the run fails.
     */
    public LatencyResult latency(final TransportKind kind, final int size, final Wait wait, final long warmup,
        final long count) throws InterruptedException {
        check(kind, size, wait, 1);
        final String what = label(kind, wait) + " latency, " + size + " B";
        try (Run run = new Run(kind, size, 1, wait, what)) {
            final BenchProcess pong = run.start("pong", 0, warmup, count);
            run.await(pong, "READY", System.nanoTime() + READY_TIMEOUT_NS);
            final BenchProcess ping = run.start("ping", -1, warmup, count);
            final long deadline = System.nanoTime() + config.timeoutNs();
            run.await(ping, "TIMING", deadline);
            final long faultsBefore = minorFaults(ping.pid()) + minorFaults(pong.pid());
            run.await(ping, "TIMED", deadline);
            final long faults = minorFaults(ping.pid()) + minorFaults(pong.pid()) - faultsBefore;
            final String encoded = run.await(ping, "HISTOGRAM", deadline);
            run.await(ping, "DONE", deadline);
            final Histogram histogram;
            try {
                histogram = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
            } catch (final DataFormatException | IllegalArgumentException ex) {
                throw new BenchException(what + ": the ping process sent an unreadable histogram: " + ex);
            }
            if (histogram.getTotalCount() != count) {
                throw new BenchException(what + ": expected " + count + " round trips, the histogram holds " +
                    histogram.getTotalCount());
            }
            return new LatencyResult(kind, kind.name().equals("shm-floor") ? Long.BYTES : size, wait, histogram,
                faults);
        }
    }

    /**
     * One-way throughput: the publisher sends {@code warmup} then {@code count} messages as fast as the transport
     * takes them; every subscriber checks that each arrives once and in order.
     *
     * @param kind the transport.
     * @param size of each message, at least 8.
     * @param subscribers how many receive every message.
     * @param wait how the processes wait.
     * @param warmup untimed messages first.
     * @param count timed messages.
     * @return the rate.
     * @throws BenchException if the run fails.
     */
    public ThroughputResult throughput(final TransportKind kind, final int size, final int subscribers,
        final Wait wait, final long warmup, final long count) throws InterruptedException {
        check(kind, size, wait, subscribers);
        if (!kind.throughput()) {
            throw new IllegalArgumentException("transport " + kind.name() + " has no throughput run");
        }
        final String what = label(kind, wait) + " throughput, " + size + " B, " + subscribers + " subscriber" +
            (subscribers == 1 ? "" : "s");
        try (Run run = new Run(kind, size, subscribers, wait, what)) {
            final List<BenchProcess> subs = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                final BenchProcess sub = run.start("subscriber", i, warmup, count);
                run.await(sub, "READY", System.nanoTime() + READY_TIMEOUT_NS);
                subs.add(sub);
            }
            final BenchProcess publisher = run.start("publisher", -1, warmup, count);
            final long deadline = System.nanoTime() + config.timeoutNs();
            final long start = Long.parseLong(run.await(publisher, "START", deadline).split(" ")[0]);
            long end = Long.MIN_VALUE;
            for (final BenchProcess sub : subs) {
                final String[] fields = run.await(sub, "END", deadline).split(" ");
                end = Math.max(end, Long.parseLong(fields[0]));
                if (Long.parseLong(fields[1]) != warmup + count) {
                    throw new BenchException(what + ": a subscriber received " + fields[1] + " of " +
                        (warmup + count) + " messages");
                }
            }
            return new ThroughputResult(kind, size, subscribers, wait, count, end - start);
        }
    }

    /**
     * Idle CPU: a subscriber waits for messages that never come; after it settles, its user and system time are
     * read from {@code /proc/PID/stat} at the start and the end of the measurement.
     *
     * @param kind the transport.
     * @param wait how the subscriber waits.
     * @param settleNs how long to let it settle first (JIT, the spin phase of a blocking wait).
     * @param measureNs how long to measure.
     * @return the CPU it used.
     * @throws BenchException if the run fails.
     */
    public IdleResult idle(final TransportKind kind, final Wait wait, final long settleNs, final long measureNs)
        throws InterruptedException {
        check(kind, Long.BYTES, wait, 1);
        final String what = label(kind, wait) + " idle CPU";
        try (Run run = new Run(kind, Long.BYTES, 1, wait, what)) {
            final BenchProcess sub = run.start("idle", 0, 0, 0);
            run.await(sub, "READY", System.nanoTime() + READY_TIMEOUT_NS);
            TimeUnit.NANOSECONDS.sleep(settleNs);
            final long ticks = clockTicks();
            final long startCpu = cpuTicks(sub.pid());
            final long start = System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(measureNs);
            final long endCpu = cpuTicks(sub.pid());
            final long elapsed = System.nanoTime() - start;
            sub.checkAlive(what);
            return new IdleResult(kind, wait, (endCpu - startCpu) * TimeUnit.SECONDS.toNanos(1) / ticks, elapsed);
        }
    }

    /**
     * The label of a result row: the transport, with the wait appended unless it is {@code spin}.
     *
     * @param kind the transport.
     * @param wait the wait.
     * @return e.g. {@code shimmy-topic-block}.
     */
    public static String label(final TransportKind kind, final Wait wait) {
        return wait == Wait.SPIN ? kind.name() : kind.name() + "-" + wait.label();
    }

    private static void check(final TransportKind kind, final int size, final Wait wait, final int servers) {
        if (size < Long.BYTES) {
            throw new IllegalArgumentException("message size " + size + " is too small: at least 8 bytes carry " +
                "the sequence number");
        }
        if (!kind.waits().contains(wait)) {
            throw new IllegalArgumentException("transport " + kind.name() + " cannot wait with " + wait.label() +
                "; it supports " + kind.waits().toString().toLowerCase(java.util.Locale.ROOT));
        }
        if (servers < 1) {
            throw new IllegalArgumentException("subscribers must be at least 1, not " + servers);
        }
    }

    private static long cpuTicks(final long pid) {
        final String[] fields = stat(pid);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long minorFaults(final long pid) {
        return Long.parseLong(stat(pid)[7]);
    }

    /** Fields of /proc/PID/stat after the command name: [0] is field 3 (state), minflt is 10, utime 14. */
    private static String[] stat(final long pid) {
        final String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        } catch (final IOException ex) {
            throw new BenchException("cannot read /proc/" + pid + "/stat (the harness needs Linux /proc): " +
                ex.getMessage());
        }
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    private static long clockTicks() {
        try {
            final Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            final String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : DEFAULT_CLOCK_TICKS;
        } catch (final IOException | InterruptedException | NumberFormatException ex) {
            return DEFAULT_CLOCK_TICKS;
        }
    }

    /** The processes and directory of one measurement. */
    private final class Run implements AutoCloseable {
        private final TransportKind kind;
        private final int size;
        private final int servers;
        private final Wait wait;
        private final String what;
        private final Path dir;
        private final List<BenchProcess> processes = new ArrayList<>();
        private final Thread hook = new Thread(this::cleanUp, "shimmy-bench-cleanup");
        private boolean cleaned;

        Run(final TransportKind kind, final int size, final int servers, final Wait wait, final String what) {
            this.kind = kind;
            this.size = size;
            this.servers = servers;
            this.wait = wait;
            this.what = what;
            try {
                Files.createDirectories(config.workRoot());
                this.dir = Files.createTempDirectory(config.workRoot(), "shimmy-bench-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (final IOException ex) {
                throw new BenchException("cannot create a run directory in " + config.workRoot() + ": " +
                    ex.getMessage());
            }
            Runtime.getRuntime().addShutdownHook(hook);
        }

        synchronized BenchProcess start(final String role, final int index, final long warmup, final long count) {
            if (cleaned) {
                throw new BenchException(what + ": stopped");
            }
            final List<String> command = new ArrayList<>();
            final List<Integer> cpus = config.cpus();
            if (!cpus.isEmpty()) {
                command.add("taskset");
                command.add("-c");
                command.add(Integer.toString(cpus.get((index + 1) % cpus.size())));
            }
            command.add(config.javaCommand());
            command.addAll(kind.jvmFlags());
            command.addAll(config.jvmOptions());
            command.add("-cp");
            command.add(config.classPath());
            command.add(BenchChild.class.getName());
            command.add("role=" + role);
            command.add("transport=" + kind.name());
            command.add("dir=" + dir);
            command.add("size=" + size);
            command.add("warmup=" + warmup);
            command.add("count=" + count);
            command.add("servers=" + servers);
            command.add("index=" + Math.max(0, index));
            command.add("wait=" + wait.label());
            command.add("capacity=" + config.capacity());
            final BenchProcess process = new BenchProcess(role, command);
            processes.add(process);
            return process;
        }

        String await(final BenchProcess process, final String prefix, final long deadlineNs)
            throws InterruptedException {
            while (true) {
                final long now = System.nanoTime();
                final String rest = process.await(prefix, Math.min(deadlineNs, now + SLICE_NS), what);
                if (rest != null) {
                    return rest;
                }
                for (final BenchProcess other : processes) {
                    other.checkAlive(what);
                }
                if (System.nanoTime() - deadlineNs > 0) {
                    throw process.failure(what, "did not say " + prefix + " in time (is the machine overloaded? " +
                        "raise --timeout)");
                }
            }
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (final IllegalStateException shuttingDown) {
                // the hook runs anyway and finds nothing left to do
            }
            final String problem = cleanUp();
            if (problem != null) {
                throw new BenchException(problem);
            }
        }

        /**
         * Ends the processes, last started first, and removes the directory; from {@link #close()}, or from a
         * shutdown hook if the runner is interrupted (SIGINT, SIGTERM).
         *
         * @return null, or why the directory could not be removed.
         */
        private synchronized String cleanUp() {
            if (cleaned) {
                return null;
            }
            cleaned = true;
            final List<BenchProcess> reversed = new ArrayList<>(processes);
            Collections.reverse(reversed);
            for (final BenchProcess process : reversed) {
                process.close();
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
                return null;
            } catch (final IOException | UncheckedIOException ex) {
                return "cannot remove the run directory " + dir + ": " + ex.getMessage();
            }
        }
    }
}
