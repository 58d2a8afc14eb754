package io.shimmy.examples.common;

import java.util.Locale;

/**
 * Numbers as people read them in a log: durations with a unit, rates, sizes.
 */
public final class Formats {
    private Formats() {
    }

    /**
     * A duration with three significant digits and a unit: {@code 850ns}, {@code 12.3us}, {@code 4.56ms},
     * {@code 1.20s}.
     *
     * @param ns the duration in nanoseconds.
     * @return the text.
     */
    public static String nanos(final long ns) {
        if (ns < 1_000) {
            return ns + "ns";
        }
        if (ns < 1_000_000) {
            return significant(ns / 1e3) + "us";
        }
        if (ns < 1_000_000_000) {
            return significant(ns / 1e6) + "ms";
        }
        return significant(ns / 1e9) + "s";
    }

    /**
     * A rate per second, rounded, without a unit: {@code 9,998}.
     *
     * @param count events.
     * @param elapsedNs over this time.
     * @return the text.
     */
    public static String perSecond(final long count, final long elapsedNs) {
        return String.format(Locale.ROOT, "%,.0f", elapsedNs <= 0 ? 0.0 : count * 1e9 / elapsedNs);
    }

    /**
     * A throughput in megabytes (10^6 bytes) per second: {@code 812.4 MB/s}.
     *
     * @param bytes transferred.
     * @param elapsedNs over this time.
     * @return the text.
     */
    public static String megabytesPerSecond(final long bytes, final long elapsedNs) {
        return String.format(Locale.ROOT, "%.1f MB/s", elapsedNs <= 0 ? 0.0 : bytes * 1e3 / elapsedNs);
    }

    /**
     * A size with a binary unit when it is a whole number of them: {@code 64 KiB}, {@code 1 MiB}, else bytes.
     *
     * @param bytes the size.
     * @return the text.
     */
    public static String bytes(final long bytes) {
        final String[] units = {"GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            final long unit = 1L << (30 - 10 * i);
            if (bytes >= unit && bytes % unit == 0) {
                return bytes / unit + " " + units[i];
            }
        }
        return bytes + " B";
    }

    /**
     * Latency percentiles of a histogram on one line: {@code p50 2.1us p90 3.0us p99 9.8us p99.9 41us max 120us}.
     *
     * @param histogram the recorded latencies.
     * @return the text, or {@code no samples}.
     */
    public static String percentiles(final LatencyHistogram histogram) {
        if (histogram.count() == 0) {
            return "no samples";
        }
        return "p50 " + nanos(histogram.percentile(0.50)) + "  p90 " + nanos(histogram.percentile(0.90)) +
            "  p99 " + nanos(histogram.percentile(0.99)) + "  p99.9 " + nanos(histogram.percentile(0.999)) +
            "  max " + nanos(histogram.max());
    }

    private static String significant(final double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return value >= 10 ? String.format(Locale.ROOT, "%.1f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
