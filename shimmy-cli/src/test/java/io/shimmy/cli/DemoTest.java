package io.shimmy.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DemoTest {
    @Test
    void shouldTakeNearestRankPercentiles() {
        final long[] sorted = new long[1000];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(Demo.percentile(sorted, 1000, 0.50)).isEqualTo(500);
        assertThat(Demo.percentile(sorted, 1000, 0.99)).isEqualTo(990);
        assertThat(Demo.percentile(sorted, 1000, 0.999)).isEqualTo(999);
        assertThat(Demo.percentile(sorted, 1000, 1.0)).isEqualTo(1000);
        assertThat(Demo.percentile(sorted, 1, 0.999)).isEqualTo(1);
        assertThat(Demo.percentile(sorted, 10, 0.0)).isEqualTo(1);
    }
}
