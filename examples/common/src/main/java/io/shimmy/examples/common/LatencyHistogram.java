package io.shimmy.examples.common;

import java.util.Arrays;

/**
 * Latencies in nanoseconds counted in log-linear buckets: exact below 32 ns, then 32 buckets per power of two, so a
 * reported percentile is at most about 3% above the true value. Recording is an array increment: no allocation, no
 * lock. Negative values (a clock read on another core that ran ahead) count as 0.
 * <p>
 * <b>Note:</b> not thread-safe: one recording thread; read it from the same thread.
 */
public final class LatencyHistogram {
    private static final int SUB_BUCKET_BITS = 5;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int BUCKETS = (64 - SUB_BUCKET_BITS) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private long max;

    /**
     * Counts one latency.
     *
     * @param ns the latency in nanoseconds.
     */
    public void record(final long ns) {
        final long value = Math.max(0, ns);
        counts[index(value)]++;
        count++;
        if (value > max) {
            max = value;
        }
    }

    /**
     * Adds every count of another histogram to this one.
     *
     * @param other to add.
     */
    public void add(final LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        count += other.count;
        max = Math.max(max, other.max);
    }

    /**
     * Forgets every count.
     */
    public void reset() {
        Arrays.fill(counts, 0);
        count = 0;
        max = 0;
    }

    /**
     * How many latencies were counted.
     *
     * @return the count.
     */
    public long count() {
        return count;
    }

    /**
     * The largest latency counted, exactly.
     *
     * @return nanoseconds, or 0 if none.
     */
    public long max() {
        return max;
    }

    /**
     * The smallest value that at least a fraction {@code q} of the latencies do not exceed, rounded up to the top of
     * its bucket (and never above the maximum).
     *
     * @param q the fraction, from 0 to 1.
     * @return nanoseconds, or 0 if nothing was counted.
     */
    public long percentile(final double q) {
        if (count == 0) {
            return 0;
        }
        final long rank = Math.max(1, (long)Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, highestValue(i));
            }
        }
        return max;
    }

    static int index(final long value) {
        if (value < SUB_BUCKETS) {
            return (int)value;
        }
        final int exponent = 63 - Long.numberOfLeadingZeros(value);
        final int sub = (int)(value >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
    }

    static long highestValue(final int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        final int exponent = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
        final long sub = index % SUB_BUCKETS;
        final long width = 1L << (exponent - SUB_BUCKET_BITS);
        final long lowest = (1L << exponent) + sub * width;
        return lowest + width - 1;
    }
}
