package io.shimmy.bench.harness;

import org.HdrHistogram.Histogram;

/**
 * The round trips of one latency run.
 *
 * @param transport that was measured.
 * @param size of each message in bytes (8 for the floor, which moves one {@code long}).
 * @param waitMode how both sides waited.
 * @param histogram every timed round trip, in nanoseconds.
 * @param minorFaults page faults that both processes took during the timed round trips ({@code /proc/PID/stat}).
 */
public record LatencyResult(TransportKind transport, int size, Wait waitMode, Histogram histogram,
    long minorFaults) {
    /**
     * A percentile of the round trips.
     *
     * @param percentile from 0 to 100, e.g. 99.9.
     * @return nanoseconds.
     */
    public long percentileNs(final double percentile) {
        return histogram.getValueAtPercentile(percentile);
    }

    /**
     * Round trips per second at the mean latency, one at a time.
     *
     * @return round trips per second.
     */
    public double roundTripsPerSecond() {
        return 1e9 / histogram.getMean();
    }

    /**
     * The label of the row: the transport, with the wait appended unless it is {@code spin}.
     *
     * @return e.g. {@code shimmy-topic} or {@code shimmy-topic-block}.
     */
    public String label() {
        return Runner.label(transport, waitMode);
    }
}
