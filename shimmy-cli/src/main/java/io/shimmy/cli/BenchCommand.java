package io.shimmy.cli;

import io.shimmy.bench.harness.BenchException;
import io.shimmy.bench.harness.LatencyResult;
import io.shimmy.bench.harness.Runner;
import io.shimmy.bench.harness.RunnerConfig;
import io.shimmy.bench.harness.ThroughputResult;
import io.shimmy.bench.harness.TransportKind;
import io.shimmy.bench.harness.Wait;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code shimmy bench}: the cross-process harness of {@code shimmy-bench} for the transports that need no JVM
 * flags. For each, a ping and a pong process time round trips, then a publisher and a subscriber process measure
 * one-way throughput; one row per transport. The peers (Agrona, Aeron, Chronicle Queue) need JVM flags and are
 * not in the {@code shimmy} jar: {@code shimmy-bench/run-comparison.sh} runs them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Measure round-trip latency and one-way throughput against sockets and the shared-memory floor.",
    description = {"For each transport, starts a pong and a ping process that time round trips of --size-byte " +
        "messages (--warmup untimed, then --messages timed, every one recorded), then a publisher and a " +
        "subscriber process that measure one-way throughput over ten times as many messages. Every process " +
        "busy-spins while it waits, so the run keeps two cores busy. Prints one row per transport: round-trip " +
        "percentiles in nanoseconds and one-way messages per second.",
        "Transports: shimmy-topic (a Shimmy topic), shimmy-stream (a Shimmy byte stream), shm-floor (one long " +
        "ping-pong in a mapped file: the " +
        "physical floor, whatever --size says; its throughput is a bare ring of fixed slots), uds (Unix domain " +
        "socket), tcp (loopback). Channels live in temporary directories under /dev/shm, removed afterwards; " +
        "--dir is not used.",
        "Figures from a machine that runs other work are not benchmarks: the tails show the load."})
final class BenchCommand implements Callable<Integer> {
    private static final String CSV_HEADER = "transport,size,p50_ns,p99_ns,p999_ns,msgs_per_s";
    private static final int MAX_SIZE = RunnerConfig.DEFAULT_CAPACITY / 8;

    @Spec
    private CommandSpec spec;

    @Option(names = "--messages", paramLabel = "N",
        description = "Timed round trips per transport (default ${DEFAULT-VALUE}); the throughput run sends ten " +
            "times as many.")
    private long messages = 100_000;

    @Option(names = "--warmup", paramLabel = "N",
        description = "Untimed round trips before the timed ones (default: a fifth of --messages, at most 20000); " +
            "the throughput run warms up with ten times as many.")
    private Long warmup;

    @Option(names = "--size", paramLabel = "BYTES", converter = Units.IntSizeConverter.class,
        description = "Message size, 8 to 128k (default ${DEFAULT-VALUE}); " + Units.SIZE_HELP + ".")
    private int size = 32;

    @Option(names = "--format", paramLabel = "table|csv",
        description = "Output: an aligned table (default) or CSV whose first line is " + CSV_HEADER + ".")
    private String format = "table";

    @Option(names = "--transports", paramLabel = "LIST", split = ",",
        description = "Only these transports, comma-separated (default: all of shimmy-topic, shimmy-stream, " +
            "shm-floor, uds, tcp).")
    private List<String> transports;

    @Option(names = "--cpus", paramLabel = "LIST", split = ",",
        description = "Pin the ping process and the publisher to the first CPU and the others to the next " +
            "(taskset), e.g. 0,1. Default: no pinning.")
    private List<Integer> cpus;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
        description = "Longest time one measurement may take (default 10m); " + Units.DURATION_HELP + ".")
    private Long timeoutNs;

    @Override
    public Integer call() throws InterruptedException {
        final boolean csv = checkOptions();
        final List<TransportKind> kinds = kinds();
        final long warmups = warmup != null ? warmup : Math.min(20_000, messages / 5);
        final RunnerConfig config = new RunnerConfig();
        if (cpus != null) {
            config.cpus(cpus);
        }
        if (timeoutNs != null) {
            config.timeoutNs(timeoutNs);
        }
        final Runner runner;
        try {
            runner = new Runner(config);
        } catch (final IllegalArgumentException ex) {
            throw CliException.usage(ex.getMessage());
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.println(csv ? CSV_HEADER : String.format(Locale.ROOT, "%-14s %6s %10s %10s %10s %14s", "transport",
            "size", "p50_ns", "p99_ns", "p999_ns", "msgs_per_s"));
        out.flush();
        for (final TransportKind kind : kinds) {
            final LatencyResult latency;
            final ThroughputResult throughput;
            try {
                latency = runner.latency(kind, size, Wait.SPIN, warmups, messages);
                throughput = runner.throughput(kind, size, 1, Wait.SPIN, warmups * 10, messages * 10);
            } catch (final BenchException ex) {
                throw CliException.runtime("bench: " + ex.getMessage());
            }
            out.println(String.format(Locale.ROOT, csv ? "%s,%d,%d,%d,%d,%.0f" : "%-14s %6d %10d %10d %10d %14.0f",
                kind.name(), size, latency.percentileNs(50), latency.percentileNs(99), latency.percentileNs(99.9),
                throughput.messagesPerSecond()));
            out.flush();
        }
        return 0;
    }

    private boolean checkOptions() {
        if (!format.equals("table") && !format.equals("csv")) {
            throw CliException.usage("--format must be table or csv, not '" + format + "'");
        }
        if (messages < 1) {
            throw CliException.usage("--messages must be at least 1, not " + messages);
        }
        if (warmup != null && warmup < 0) {
            throw CliException.usage("--warmup must not be negative");
        }
        if (size < Long.BYTES || size > MAX_SIZE) {
            throw CliException.usage("--size must be from 8 bytes (the sequence number) to " + MAX_SIZE +
                " (an eighth of the 1 MiB rings), not " + size);
        }
        return format.equals("csv");
    }

    private List<TransportKind> kinds() {
        if (transports == null) {
            return TransportKind.flagFreeKinds();
        }
        final List<TransportKind> kinds = new ArrayList<>();
        for (final String name : transports) {
            final TransportKind kind;
            try {
                kind = TransportKind.named(name);
            } catch (final IllegalArgumentException ex) {
                throw CliException.usage("unknown transport '" + name + "': use " +
                    TransportKind.names(TransportKind.flagFreeKinds()));
            }
            if (!kind.flagFree()) {
                throw CliException.usage("transport '" + name + "' needs JVM flags and is not in the shimmy jar; " +
                    "run shimmy-bench/run-comparison.sh for the peers");
            }
            kinds.add(kind);
        }
        return kinds;
    }
}
