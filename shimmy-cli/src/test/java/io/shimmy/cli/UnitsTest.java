package io.shimmy.cli;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnitsTest {
    @Test
    void shouldParsePlainAndSuffixedSizes() {
        assertThat(Units.parseSize("0")).isZero();
        assertThat(Units.parseSize("4096")).isEqualTo(4096);
        assertThat(Units.parseSize("64k")).isEqualTo(64 * 1024);
        assertThat(Units.parseSize("64K")).isEqualTo(64 * 1024);
        assertThat(Units.parseSize("1m")).isEqualTo(1 << 20);
        assertThat(Units.parseSize("16M")).isEqualTo(16 << 20);
        assertThat(Units.parseSize("1g")).isEqualTo(1 << 30);
        assertThat(Units.parseSize("3G")).isEqualTo(3L << 30);
    }

    @Test
    void shouldRejectMalformedSizes() {
        for (final String bad : new String[] {"", "k", "-1", "1.5m", "1x", "12q", "1 m", "0x10", "1kb", "m1"}) {
            assertThatThrownBy(() -> Units.parseSize(bad)).as(bad)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a size");
        }
    }

    @Test
    void shouldRejectSizesThatOverflow() {
        assertThatThrownBy(() -> Units.parseSize("99999999999999999999"))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Units.parseSize("9999999999999g")).hasMessageContaining("too large");
    }

    @Test
    void shouldRejectIntSizesAboveOneGibibyteAndAcceptOneGibibyte() {
        final Units.IntSizeConverter converter = new Units.IntSizeConverter();
        assertThat(converter.convert("1g")).isEqualTo(1 << 30);
        assertThatThrownBy(() -> converter.convert("2g")).hasMessageContaining("too large");
        assertThatThrownBy(() -> converter.convert("big")).hasMessageContaining("'big' is not a size");
    }

    @Test
    void shouldParseDurationsWithUnitsAndPlainMilliseconds() {
        assertThat(Units.parseDurationNs("500ms")).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(Units.parseDurationNs("250")).isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(Units.parseDurationNs("5s")).isEqualTo(TimeUnit.SECONDS.toNanos(5));
        assertThat(Units.parseDurationNs("5S")).isEqualTo(TimeUnit.SECONDS.toNanos(5));
        assertThat(Units.parseDurationNs("2m")).isEqualTo(TimeUnit.MINUTES.toNanos(2));
        assertThat(Units.parseDurationNs("1h")).isEqualTo(TimeUnit.HOURS.toNanos(1));
        assertThat(Units.parseDurationNs("10us")).isEqualTo(10_000);
        assertThat(Units.parseDurationNs("7ns")).isEqualTo(7);
        assertThat(Units.parseDurationNs("0")).isZero();
    }

    @Test
    void shouldRejectMalformedDurations() {
        for (final String bad : new String[] {"", "ms", "-5s", "1.5s", "5sec", "5 s", "s5", "5d", "five"}) {
            assertThatThrownBy(() -> Units.parseDurationNs(bad)).as(bad)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a duration");
        }
        assertThatThrownBy(() -> Units.parseDurationNs("9999999999999h")).hasMessageContaining("too long");
    }

    @Test
    void shouldFormatDurationsInTheLargestExactUnit() {
        assertThat(Units.duration(TimeUnit.MILLISECONDS.toNanos(200))).isEqualTo("200ms");
        assertThat(Units.duration(TimeUnit.SECONDS.toNanos(5))).isEqualTo("5s");
        assertThat(Units.duration(TimeUnit.MILLISECONDS.toNanos(1500))).isEqualTo("1500ms");
        assertThat(Units.duration(TimeUnit.MINUTES.toNanos(2))).isEqualTo("2m");
        assertThat(Units.duration(1234)).isEqualTo("1234ns");
        assertThat(Units.duration(0)).isEqualTo("0ns");
    }
}
