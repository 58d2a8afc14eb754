package io.shimmy.bench.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes results as CSV, one file per kind of measurement, and each latency histogram as an HdrHistogram
 * percentile distribution ({@code .hgrm}, values in nanoseconds), which the plots read.
 */
public final class Results {
    /** Header of {@code latency.csv}. */
    public static final String LATENCY_HEADER =
        "transport,size,wait,round_trips,p50_ns,p90_ns,p99_ns,p999_ns,p9999_ns,max_ns,mean_ns,minor_faults";
    /** Header of {@code throughput.csv}. */
    public static final String THROUGHPUT_HEADER =
        "transport,size,subscribers,wait,messages,elapsed_ns,msgs_per_s,ns_per_msg,mb_per_s";
    /** Header of {@code idle.csv}. */
    public static final String IDLE_HEADER = "transport,wait,cpu_ns,elapsed_ns,core_percent";

    private Results() {
    }

    /**
     * One row of {@code latency.csv}.
     *
     * @param result the run.
     * @return the row.
     */
    public static String latencyRow(final LatencyResult result) {
        return String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%d,%d,%d,%d,%d,%.1f,%d", result.transport().name(),
            result.size(), result.waitMode().label(), result.histogram().getTotalCount(), result.percentileNs(50),
            result.percentileNs(90), result.percentileNs(99), result.percentileNs(99.9), result.percentileNs(99.99),
            result.histogram().getMaxValue(), result.histogram().getMean(), result.minorFaults());
    }

    /**
     * One row of {@code throughput.csv}.
     *
     * @param result the run.
     * @return the row.
     */
    public static String throughputRow(final ThroughputResult result) {
        return String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%d,%.0f,%.2f,%.1f", result.transport().name(),
            result.size(), result.subscribers(), result.waitMode().label(), result.messages(), result.elapsedNs(),
            result.messagesPerSecond(), result.nsPerMessage(), result.messagesPerSecond() * result.size() / 1e6);
    }

    /**
     * One row of {@code idle.csv}.
     *
     * @param result the run.
     * @return the row.
     */
    public static String idleRow(final IdleResult result) {
        return String.format(Locale.ROOT, "%s,%s,%d,%d,%.3f", result.transport().name(), result.waitMode().label(),
            result.cpuNs(), result.elapsedNs(), 100 * result.coreFraction());
    }

    /**
     * Writes a CSV file.
     *
     * @param file to write.
     * @param header first line.
     * @param rows the rest.
     * @throws IOException if it cannot be written.
     */
    public static void writeCsv(final Path file, final String header, final List<String> rows) throws IOException {
        final StringBuilder text = new StringBuilder(header).append('\n');
        for (final String row : rows) {
            text.append(row).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /**
     * Writes a latency histogram's percentile distribution.
     *
     * @param dir to write into.
     * @param result the run.
     * @return the file: {@code LABEL-SIZE.hgrm}.
     * @throws IOException if it cannot be written.
     */
    public static Path writeHistogram(final Path dir, final LatencyResult result) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            result.histogram().outputPercentileDistribution(out, 1.0);
        }
        final Path file = dir.resolve(result.label() + "-" + result.size() + ".hgrm");
        Files.write(file, bytes.toByteArray());
        return file;
    }
}
