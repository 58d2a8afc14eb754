package io.shimmy.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shimmy bench} end to end, with few messages: it checks the output contract, not the figures.
 */
class BenchIT extends CliProcesses {
    private static final Duration BENCH_TIMEOUT = Duration.ofMinutes(4);

    @Test
    void shouldPrintOneCsvRowPerFlagFreeTransportAndCleanUp() throws Exception {
        final Set<String> before = benchDirectories();
        final Result bench = run("bench", "--messages", "1000", "--format", "csv");
        System.out.println(bench.out());
        assertThat(bench.exitCode()).as(bench.stderr()).isZero();
        assertThat(bench.stderr()).isEmpty();
        final List<String> lines = bench.lines();
        assertThat(lines.get(0)).isEqualTo("transport,size,p50_ns,p99_ns,p999_ns,msgs_per_s");
        assertThat(lines.subList(1, lines.size()).stream().map(line -> line.split(",")[0]))
            .containsExactly("shimmy-topic", "shimmy-stream", "shm-floor", "uds", "tcp");
        for (final String row : lines.subList(1, lines.size())) {
            final String[] fields = row.split(",");
            assertThat(fields).as(row).hasSize(6);
            assertThat(fields[1]).as(row).isEqualTo("32");
            final long p50 = Long.parseLong(fields[2]);
            final long p99 = Long.parseLong(fields[3]);
            final long p999 = Long.parseLong(fields[4]);
            assertThat(p50).as(row).isPositive().isLessThanOrEqualTo(p99);
            assertThat(p99).as(row).isLessThanOrEqualTo(p999);
            assertThat(Long.parseLong(fields[5])).as(row).isPositive();
        }
        assertThat(benchDirectories()).as("run directories removed").isSubsetOf(before);
    }

    @Test
    void shouldPrintATableWithTheChosenSizeAndTransports() throws Exception {
        final Result bench = run("bench", "--messages", "1000", "--size", "256", "--transports", "shimmy-topic");
        assertThat(bench.exitCode()).as(bench.stderr()).isZero();
        assertThat(bench.lines()).hasSize(2);
        assertThat(bench.lines().get(0)).startsWith("transport").contains("p50_ns", "msgs_per_s");
        assertThat(bench.lines().get(1)).startsWith("shimmy-topic").contains(" 256 ");
    }

    @Test
    void shouldRejectBadOptionsWithOneLine() throws Exception {
        for (final String[] args : new String[][] {
            {"bench", "--format", "xml"}, {"bench", "--size", "4"}, {"bench", "--transports", "aeron-ipc"}}) {
            final Result bench = shimmy(args);
            assertThat(bench.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(bench.stderr()).startsWith("shimmy: ").hasLineCount(1);
            assertThat(bench.out()).isEmpty();
        }
    }

    /**
     * Runs shimmy like {@link #shimmy(String...)}, but gives it minutes rather than seconds: every transport starts
     * four JVMs, which on a loaded machine take seconds each.
     */
    private Result run(final String... args) throws IOException, InterruptedException {
        final Background background = start(args);
        if (!background.process().waitFor(BENCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            background.process().destroyForcibly();
            throw new AssertionError("shimmy " + String.join(" ", args) + " did not finish within " + BENCH_TIMEOUT);
        }
        return background.await();
    }

    private static Set<String> benchDirectories() throws IOException {
        try (Stream<Path> paths = Files.list(Path.of("/dev/shm"))) {
            return paths.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("shimmy-bench-"))
                .collect(Collectors.toSet());
        }
    }
}
