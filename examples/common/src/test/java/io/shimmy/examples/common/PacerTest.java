package io.shimmy.examples.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTest {
    @Test
    void shouldNotWaitWithoutARate() {
        final Pacer pacer = new Pacer(0);
        for (int i = 0; i < 1000; i++) {
            assertThat(pacer.await(() -> false)).isTrue();
        }
        assertThat(pacer.await(() -> true)).isFalse();
    }

    @Test
    void shouldEndAWaitEarlyWhenAskedToStop() {
        final Pacer pacer = new Pacer(1e-3);
        assertThat(pacer.await(() -> false)).isTrue();
        final long start = System.nanoTime();
        final boolean[] stop = {false};
        assertThat(pacer.await(() -> {
            if (System.nanoTime() - start > 50_000_000L) {
                stop[0] = true;
            }
            return stop[0];
        })).isFalse();
    }
}
