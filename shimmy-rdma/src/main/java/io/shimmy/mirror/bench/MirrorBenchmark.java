package io.shimmy.mirror.bench;

import io.shimmy.mirror.MirrorSecret;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The mirror's cross-host benchmark: two network namespaces joined by a veth pair ({@link Namespaces}), and in
 * the same run a raw TCP ping-pong and a raw TCP stream between them, then the mirrored round trip (a topic
 * mirrored A to B, answered on a topic mirrored B to A) and the mirrored throughput (a topic mirrored A to B),
 * per transport. Round trips are timed after a warm-up of a fifth of their count; throughput (a million messages
 * of 1 KiB by default) is timed at the receiving side from the message a fifth of the way in to the last, for raw
 * TCP and mirrors alike, so that neither includes its JIT warm-up. Prints each figure and its ratio to raw TCP:
 * round trip targets at most 1.3x, throughput at least 0.8x. Needs root (for the namespaces); run it on a quiet
 * machine:
 * <pre>
 *   ./mvnw -q -B -ntp -DskipTests package -pl shimmy-rdma -am
 *   java -cp "shimmy-rdma/target/shimmy-rdma-0.1.0-SNAPSHOT.jar:$(cat shimmy-rdma/target/classpath.txt)" \
 *       io.shimmy.mirror.bench.MirrorBenchmark [--transports tcp,ucx] [--wait block|yield|backoff|spin]
 *       [--messages N] [--size BYTES] [--stream-messages N] [--stream-size BYTES]
 * </pre>
 * Child JVMs get no JVM flags. The figures depend on the machine: on a VM whose idle vCPUs halt, every wake-up of
 * a sleeping thread costs tens of microseconds, and a mirrored round trip has six (two processes and a mirror
 * thread on each side of each hop) where a TCP ping-pong has two.
 */
public final class MirrorBenchmark {
    private static final String PORT = "7791";
    private static final String PEER_PORT = "7792";

    private MirrorBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args options, see the class comment.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        List<String> transports = List.of("tcp", "ucx");
        String wait = "block";
        int messages = 100_000;
        int size = 32;
        int streamSize = 1024;
        int streamMessages = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--transports":
                    transports = List.of(args[i + 1].split(","));
                    break;
                case "--wait":
                    wait = args[i + 1];
                    break;
                case "--messages":
                    messages = Integer.parseInt(args[i + 1]);
                    break;
                case "--size":
                    size = Integer.parseInt(args[i + 1]);
                    break;
                case "--stream-size":
                    streamSize = Integer.parseInt(args[i + 1]);
                    break;
                case "--stream-messages":
                    streamMessages = Integer.parseInt(args[i + 1]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i] + "; see the class comment");
            }
        }
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        final String secretText = Base64.getEncoder().encodeToString(secret);
        if ("spin".equals(wait) && Runtime.getRuntime().availableProcessors() < 6) {
            System.out.println("warning: --wait spin keeps six threads busy (two applications, two mirror threads " +
                "each way) on " + Runtime.getRuntime().availableProcessors() + " CPUs: round trips measure the " +
                "scheduler's time slices; use block or yield");
        }
        final Path root = Files.createTempDirectory(Path.of("/dev/shm"), "shimmy-mirror-bench-");
        try (Namespaces hosts = Namespaces.create()) {
            if (hosts == null) {
                System.exit(2);
                return;
            }
            // an interrupted run (Ctrl-C, a timeout's SIGTERM) still removes its namespaces and files
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                hosts.close();
                delete(root);
            }, "mirror-bench-cleanup"));
            final int warmup = messages / 5;
            final int streamCount = streamMessages > 0 ? streamMessages : Math.max(1_000_000, messages);
            System.out.printf(Locale.ROOT, "mirror benchmark: %d round trips of %d B after %d warm-up, %d " +
                "messages of %d B for throughput (timed after the first fifth), wait %s, namespaces %s and %s%n",
                messages, size, warmup, streamCount, streamSize, wait, hosts.a(), hosts.b());
            final long[] tcp = tcpRoundTrip(hosts, secretText, warmup, messages, size, streamCount, streamSize);
            System.out.printf(Locale.ROOT, "%-12s p50 %8d ns  p99 %8d ns  p99.9 %8d ns   %10.0f msg/s %8.1f MB/s%n",
                "raw-tcp", tcp[0], tcp[1], tcp[2], tcp[3] / 1.0, tcp[4] / 1e6);
            for (final String transport : transports) {
                final Path dirA = Files.createDirectories(root.resolve(transport + "-a"));
                final Path dirB = Files.createDirectories(root.resolve(transport + "-b"));
                final long[] rtt = mirrorRoundTrip(hosts, secretText, dirA, dirB, transport, wait, warmup, messages,
                    size);
                final Path flowA = Files.createDirectories(root.resolve(transport + "-flow-a"));
                final Path flowB = Files.createDirectories(root.resolve(transport + "-flow-b"));
                final long[] flow = mirrorThroughput(hosts, secretText, flowA, flowB, transport, wait, streamCount,
                    streamSize);
                System.out.printf(Locale.ROOT, "%-12s p50 %8d ns  p99 %8d ns  p99.9 %8d ns   %10.0f msg/s %8.1f " +
                    "MB/s%n", "mirror-" + transport, rtt[0], rtt[1], rtt[2], flow[0] / 1.0, flow[1] / 1e6);
                System.out.printf(Locale.ROOT, "%-12s round trip p50 %.2fx raw TCP (target <= 1.3x), throughput " +
                    "%.2fx raw TCP (target >= 0.8x)%n", "ratio-" + transport, rtt[0] / (double)tcp[0],
                    flow[1] / (double)tcp[4]);
            }
        } finally {
            delete(root);
        }
    }

    private static void delete(final Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException | UncheckedIOException ignore) {
            // removed meanwhile by the other of the normal end and the shutdown hook
        }
    }

    private static long[] tcpRoundTrip(final Namespaces hosts, final String secret, final int warmup,
        final int count, final int size, final int streamCount, final int streamSize) throws Exception {
        try (Child echo = Child.start(hosts.b(), secret, "tcp-echo", PORT)) {
            echo.await("READY");
            final long[] latency;
            try (Child ping = Child.start(hosts.a(), secret, "tcp-ping", hosts.addressB(), PORT,
                String.valueOf(warmup), String.valueOf(count), String.valueOf(size))) {
                latency = numbers(ping.await("RESULT"));
            }
            try (Child stream = Child.start(hosts.a(), secret, "tcp-stream", hosts.addressB(), PORT,
                String.valueOf(streamCount), String.valueOf(streamSize))) {
                stream.await("RESULT");
            }
            final long[] rate = numbers(echo.await("RESULT"));
            return new long[] {latency[0], latency[1], latency[2], rate[0], rate[1]};
        }
    }

    private static long[] mirrorRoundTrip(final Namespaces hosts, final String secret, final Path dirA,
        final Path dirB, final String transport, final String wait, final int warmup, final int count,
        final int size) throws Exception {
        try (Child pong = Child.start(hosts.b(), secret, "mirror-pong", dirB.toString(), hosts.addressB() + ":" + PORT,
            hosts.addressA() + ":" + PEER_PORT, transport, wait)) {
            pong.await("READY");
            try (Child ping = Child.start(hosts.a(), secret, "mirror-ping", dirA.toString(),
                hosts.addressA() + ":" + PEER_PORT, hosts.addressB() + ":" + PORT, transport, wait,
                String.valueOf(warmup), String.valueOf(count), String.valueOf(size))) {
                return numbers(ping.await("RESULT"));
            }
        }
    }

    private static long[] mirrorThroughput(final Namespaces hosts, final String secret, final Path dirA,
        final Path dirB, final String transport, final String wait, final int count, final int size)
        throws Exception {
        try (Child sink = Child.start(hosts.b(), secret, "mirror-sink", dirB.toString(),
            hosts.addressB() + ":" + PORT, transport, wait, String.valueOf(count))) {
            sink.await("READY");
            try (Child source = Child.start(hosts.a(), secret, "mirror-source", dirA.toString(),
                hosts.addressB() + ":" + PORT, transport, wait, String.valueOf(count), String.valueOf(size))) {
                final long[] rate = numbers(sink.await("RESULT"));
                source.await("RESULT");
                return rate;
            }
        }
    }

    private static long[] numbers(final String result) {
        final String[] words = result.trim().split("\\s+");
        final long[] values = new long[words.length - 1];
        for (int i = 1; i < words.length; i++) {
            values[i - 1] = Long.parseLong(words[i]);
        }
        return values;
    }

    /** A {@link BenchRole} child JVM in a namespace, killed on close. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> all = new ArrayList<>();

        private Child(final Process process) {
            this.process = process;
            final Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (all) {
                            all.add(line);
                        }
                        lines.add(line);
                    }
                } catch (final IOException ignore) {
                    // the child is gone
                }
            }, "bench-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(final String namespace, final String secret, final String... args) throws IOException {
            final List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                BenchRole.class.getName()));
            java.addAll(List.of(args));
            final ProcessBuilder builder = new ProcessBuilder(Namespaces.in(namespace, java)).redirectErrorStream(true);
            builder.environment().put(MirrorSecret.ENV, secret);
            return new Child(builder.start());
        }

        String await(final String prefix) throws InterruptedException {
            final long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                final String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    break;
                }
            }
            synchronized (all) {
                throw new IllegalStateException("no " + prefix + " from " + process.info().commandLine().orElse("?") +
                    (process.isAlive() ? "" : " (exit " + process.exitValue() + ")") + ": " + String.join(" | ", all));
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
