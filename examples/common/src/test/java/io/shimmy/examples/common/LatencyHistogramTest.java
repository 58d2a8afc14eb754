package io.shimmy.examples.common;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {
    @Test
    void shouldBeExactBelowThirtyTwoNanoseconds() {
        final LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 20; i++) {
            histogram.record(i);
        }
        assertThat(histogram.percentile(0.5)).isEqualTo(10);
        assertThat(histogram.percentile(1.0)).isEqualTo(20);
        assertThat(histogram.max()).isEqualTo(20);
        assertThat(histogram.count()).isEqualTo(20);
    }

    @Test
    void shouldReportPercentilesWithinThreePercentAboveTheExactValue() {
        final SplittableRandom random = new SplittableRandom(42);
        final long[] values = new long[100_000];
        final LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long)Math.exp(random.nextDouble() * Math.log(1e10));
            histogram.record(values[i]);
        }
        Arrays.sort(values);
        for (final double q : new double[] {0.01, 0.5, 0.9, 0.99, 0.999, 1.0}) {
            final long exact = values[(int)Math.ceil(q * values.length) - 1];
            assertThat(histogram.percentile(q)).as("p%s", q * 100)
                .isGreaterThanOrEqualTo(exact).isLessThanOrEqualTo(exact + exact / 32 + 1);
        }
        assertThat(histogram.max()).isEqualTo(values[values.length - 1]);
    }

    @Test
    void shouldMapEveryValueToABucketWhoseTopIsAtOrAboveIt() {
        for (final long value : new long[] {0, 1, 31, 32, 33, 63, 64, 1000, 123_456_789, Long.MAX_VALUE}) {
            final int index = LatencyHistogram.index(value);
            assertThat(LatencyHistogram.highestValue(index)).as("%d", value).isGreaterThanOrEqualTo(value);
            if (index > 0) {
                assertThat(LatencyHistogram.highestValue(index - 1)).as("%d", value).isLessThan(value);
            }
        }
    }

    @Test
    void shouldAddAndResetAndCountNegativeLatenciesAsZero() {
        final LatencyHistogram a = new LatencyHistogram();
        final LatencyHistogram b = new LatencyHistogram();
        a.record(-5);
        b.record(1_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.percentile(0.5)).isZero();
        assertThat(a.max()).isEqualTo(1_000);
        a.reset();
        assertThat(a.count()).isZero();
        assertThat(a.percentile(0.99)).isZero();
        assertThat(Formats.percentiles(a)).isEqualTo("no samples");
    }
}
