package io.shimmy.examples.common;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {
    @Test
    void shouldWriteDurationsWithThreeSignificantDigitsAndAUnit() {
        assertThat(Formats.nanos(850)).isEqualTo("850ns");
        assertThat(Formats.nanos(12_345)).isEqualTo("12.3us");
        assertThat(Formats.nanos(4_561_000)).isEqualTo("4.56ms");
        assertThat(Formats.nanos(1_200_000_000L)).isEqualTo("1.20s");
        assertThat(Formats.nanos(250_000_000L)).isEqualTo("250ms");
    }

    @Test
    void shouldWriteRatesThroughputsAndSizes() {
        assertThat(Formats.perSecond(9_998, 1_000_000_000L)).isEqualTo("9,998");
        assertThat(Formats.megabytesPerSecond(812_400_000L, 1_000_000_000L)).isEqualTo("812.4 MB/s");
        assertThat(Formats.bytes(1 << 20)).isEqualTo("1 MiB");
        assertThat(Formats.bytes(65536)).isEqualTo("64 KiB");
        assertThat(Formats.bytes(1000)).isEqualTo("1000 B");
    }
}
