package io.shimmy.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The full comparison: latency, throughput, fan-out and idle CPU for every transport, written as CSV and
 * histograms into an output directory. Run it from {@code shimmy-bench/target/benchmarks.jar}, which holds the
 * peers (see {@code shimmy-bench/run-comparison.sh}):
 * <pre>
 *   java -cp shimmy-bench/target/benchmarks.jar io.shimmy.bench.harness.Bench --out docs/bench [options]
 *     --transports a,b,...   default all
 *     --latency-sizes 32     message sizes of the latency runs
 *     --round-trips N        timed round trips per latency run (default 100000)
 *     --warmup N             untimed round trips first (default 50000); throughput runs warm up with a tenth of
 *                            their count
 *     --sizes 32,256,4096    message sizes of the throughput runs
 *     --messages N           timed messages of a 32-byte throughput run (default 3000000; fewer for bigger
 *                            messages, so that each run moves at most 1 GiB)
 *     --fanout 1,2,4         subscriber counts of the fan-out runs (32-byte messages)
 *     --bandwidth a,b        byte-stream transports whose bandwidth is measured with 64 KiB writes
 *                            (default shimmy-stream,uds,tcp; written to bandwidth.csv)
 *     --block a,b            transports also measured with blocking waits, round trips and one-way throughput
 *                            (default shimmy-topic,uds)
 *     --idle-seconds S       length of each idle CPU measurement (default 10; 0 skips them)
 *     --rounds R             repeat every latency and throughput run R times, transports interleaved, and keep
 *                            the round with the median p50 (or rate); all rounds go to *-rounds.csv (default 3)
 *     --cpus 0,1             pin the client to the first CPU, servers round robin to the others (taskset)
 *     --capacity BYTES       ring capacity of ring-based transports (default 1 MiB)
 * </pre>
 * If the largest fan-out has more processes than there are CPUs, every fan-out run (1 subscriber too, so that the
 * curve compares like with like) waits with {@code yield} instead of spinning, every transport alike: spinners that
 * outnumber the cores would measure the scheduler's time slice.
 */
public final class Bench {
    private static final long MAX_BYTES_PER_RUN = 1L << 30;
    private static final int BANDWIDTH_WRITE = 64 * 1024;

    private Bench() {
    }

    /**
     * Runs the comparison.
     *
     * @param args see the class description.
     * @throws Exception if a run fails.
     */
    public static void main(final String[] args) throws Exception {
        final Options options = Options.parse(args);
        Files.createDirectories(options.out);
        final Path histograms = Files.createDirectories(options.out.resolve("hgrm"));
        final Runner runner = new Runner(new RunnerConfig().cpus(options.cpus).capacity(options.capacity));
        final int cores = Runtime.getRuntime().availableProcessors();

        final Map<String, List<LatencyResult>> latency = new LinkedHashMap<>();
        final Map<String, List<ThroughputResult>> throughput = new LinkedHashMap<>();
        final Map<String, List<ThroughputResult>> fanout = new LinkedHashMap<>();
        final Map<String, List<ThroughputResult>> bandwidth = new LinkedHashMap<>();
        final int most = options.fanout.stream().mapToInt(Integer::intValue).max().orElse(1);
        final Wait fanoutWait = most + 1 > cores ? Wait.YIELD : Wait.SPIN;
        for (int round = 1; round <= options.rounds; round++) {
            System.out.println("round " + round + " of " + options.rounds);
            for (final int size : options.latencySizes) {
                for (final TransportKind kind : options.transports) {
                    add(latency, latency(runner, options, kind, size, Wait.SPIN));
                }
                for (final TransportKind kind : options.block) {
                    add(latency, latency(runner, options, kind, size, Wait.BLOCK));
                }
            }
            for (final int size : options.sizes) {
                final long count = Math.max(1000, Math.min(options.messages, MAX_BYTES_PER_RUN / size));
                for (final TransportKind kind : options.transports) {
                    add(throughput, throughput(runner, kind, size, 1, Wait.SPIN, count));
                }
                for (final TransportKind kind : options.block) {
                    add(throughput, throughput(runner, kind, size, 1, Wait.BLOCK, count));
                }
            }
            for (final int subscribers : options.fanout) {
                for (final TransportKind kind : options.transports) {
                    add(fanout, throughput(runner, kind, 32, subscribers, fanoutWait,
                        Math.max(1000, options.messages / 5)));
                }
            }
            for (final TransportKind kind : options.bandwidth) {
                add(bandwidth, throughput(runner, kind, BANDWIDTH_WRITE, 1, Wait.SPIN,
                    MAX_BYTES_PER_RUN / BANDWIDTH_WRITE));
            }
        }
        writeLatency(options.out, histograms, latency);
        writeThroughput(options.out, "throughput", throughput);
        writeThroughput(options.out, "fanout", fanout);
        writeThroughput(options.out, "bandwidth", bandwidth);

        if (options.idleSeconds > 0) {
            final List<String> idle = new ArrayList<>();
            for (final TransportKind kind : options.transports) {
                if (!kind.name().equals("shimmy-topic")) {
                    continue;
                }
                for (final Wait wait : new Wait[] {Wait.BLOCK, Wait.YIELD, Wait.SPIN}) {
                    final IdleResult result = runner.idle(kind, wait, TimeUnit.SECONDS.toNanos(2),
                        TimeUnit.SECONDS.toNanos(options.idleSeconds));
                    idle.add(Results.idleRow(result));
                    System.out.println(String.format(Locale.ROOT, "idle   %-24s %8.3f%% of a core",
                        Runner.label(kind, wait), 100 * result.coreFraction()));
                }
            }
            Results.writeCsv(options.out.resolve("idle.csv"), Results.IDLE_HEADER, idle);
        }
    }

    private static LatencyResult latency(final Runner runner, final Options options, final TransportKind kind,
        final int size, final Wait wait) throws InterruptedException {
        final LatencyResult result = runner.latency(kind, size, wait, options.warmup, options.roundTrips);
        System.out.println(String.format(Locale.ROOT, "rtt    %-24s %5d B  p50 %9d  p99 %9d  p99.9 %9d  max %10d ns" +
            "  %d faults", result.label(), result.size(), result.percentileNs(50), result.percentileNs(99),
            result.percentileNs(99.9), result.histogram().getMaxValue(), result.minorFaults()));
        return result;
    }

    private static ThroughputResult throughput(final Runner runner, final TransportKind kind, final int size,
        final int subscribers, final Wait wait, final long count) throws InterruptedException {
        final ThroughputResult result = runner.throughput(kind, size, subscribers, wait, count / 10, count);
        System.out.println(String.format(Locale.ROOT, "tput   %-24s %5d B  %d sub  %12.0f msgs/s  %8.1f ns/msg",
            result.label(), size, subscribers, result.messagesPerSecond(), result.nsPerMessage()));
        return result;
    }

    private static void add(final Map<String, List<LatencyResult>> results, final LatencyResult result) {
        results.computeIfAbsent(result.label() + "/" + result.size(), k -> new ArrayList<>()).add(result);
    }

    private static void add(final Map<String, List<ThroughputResult>> results, final ThroughputResult result) {
        results.computeIfAbsent(result.label() + "/" + result.size() + "/" + result.subscribers(),
            k -> new ArrayList<>()).add(result);
    }

    /** Writes every round to {@code latency-rounds.csv}, and the round with the median p50 to the main files. */
    private static void writeLatency(final Path out, final Path histograms,
        final Map<String, List<LatencyResult>> results) throws IOException {
        final List<String> median = new ArrayList<>();
        final List<String> all = new ArrayList<>();
        for (final List<LatencyResult> rounds : results.values()) {
            for (int i = 0; i < rounds.size(); i++) {
                all.add((i + 1) + "," + Results.latencyRow(rounds.get(i)));
            }
            final List<LatencyResult> sorted = new ArrayList<>(rounds);
            sorted.sort(Comparator.comparingLong(r -> r.percentileNs(50)));
            final LatencyResult chosen = sorted.get((sorted.size() - 1) / 2);
            median.add(Results.latencyRow(chosen));
            Results.writeHistogram(histograms, chosen);
        }
        if (!results.isEmpty()) {
            Results.writeCsv(out.resolve("latency.csv"), Results.LATENCY_HEADER, median);
            Results.writeCsv(out.resolve("latency-rounds.csv"), "round," + Results.LATENCY_HEADER, all);
        }
    }

    /** Writes every round to {@code NAME-rounds.csv}, and the round with the median rate to {@code NAME.csv}. */
    private static void writeThroughput(final Path out, final String name,
        final Map<String, List<ThroughputResult>> results) throws IOException {
        final List<String> median = new ArrayList<>();
        final List<String> all = new ArrayList<>();
        for (final List<ThroughputResult> rounds : results.values()) {
            for (int i = 0; i < rounds.size(); i++) {
                all.add((i + 1) + "," + Results.throughputRow(rounds.get(i)));
            }
            final List<ThroughputResult> sorted = new ArrayList<>(rounds);
            sorted.sort(Comparator.comparingDouble(ThroughputResult::messagesPerSecond));
            median.add(Results.throughputRow(sorted.get((sorted.size() - 1) / 2)));
        }
        if (!results.isEmpty()) {
            Results.writeCsv(out.resolve(name + ".csv"), Results.THROUGHPUT_HEADER, median);
            Results.writeCsv(out.resolve(name + "-rounds.csv"), "round," + Results.THROUGHPUT_HEADER, all);
        }
    }

    /** The command line. */
    private static final class Options {
        private Path out = Path.of("docs/bench");
        private List<TransportKind> transports = TransportKind.ALL;
        private List<TransportKind> block = List.of(TransportKind.named("shimmy-topic"), TransportKind.named("uds"));
        private List<Integer> latencySizes = List.of(32);
        private long roundTrips = 100_000;
        private long warmup = 50_000;
        private List<Integer> sizes = List.of(32, 256, 4096);
        private long messages = 3_000_000;
        private List<Integer> fanout = List.of(1, 2, 4);
        private List<TransportKind> bandwidth = kinds("shimmy-stream,uds,tcp");
        private long idleSeconds = 10;
        private int rounds = 3;
        private List<Integer> cpus = List.of();
        private int capacity = RunnerConfig.DEFAULT_CAPACITY;

        static Options parse(final String[] args) {
            final Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                final String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                final String value = args[++i];
                switch (name) {
                    case "--out" -> options.out = Path.of(value);
                    case "--transports" -> options.transports = kinds(value);
                    case "--block" -> options.block = kinds(value);
                    case "--latency-sizes" -> options.latencySizes = numbers(value);
                    case "--round-trips" -> options.roundTrips = Long.parseLong(value);
                    case "--warmup" -> options.warmup = Long.parseLong(value);
                    case "--sizes" -> options.sizes = numbers(value);
                    case "--messages" -> options.messages = Long.parseLong(value);
                    case "--fanout" -> options.fanout = numbers(value);
                    case "--bandwidth" -> options.bandwidth = kinds(value);
                    case "--idle-seconds" -> options.idleSeconds = Long.parseLong(value);
                    case "--rounds" -> options.rounds = Integer.parseInt(value);
                    case "--cpus" -> options.cpus = numbers(value);
                    case "--capacity" -> options.capacity = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return options;
        }

        private static List<TransportKind> kinds(final String value) {
            final List<TransportKind> kinds = new ArrayList<>();
            for (final String name : value.split(",")) {
                if (!name.isBlank()) {
                    kinds.add(TransportKind.named(name.trim()));
                }
            }
            return kinds;
        }

        private static List<Integer> numbers(final String value) {
            final List<Integer> numbers = new ArrayList<>();
            for (final String number : value.split(",")) {
                if (!number.isBlank()) {
                    numbers.add(Integer.parseInt(number.trim()));
                }
            }
            return numbers;
        }
    }
}
