package io.shimmy.examples.common;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {
    private static Options options(final Map<String, String> env) {
        return new Options("demo run", "Runs the demo.", env::get)
            .add("rate", "DEMO_RATE", "100", "rate")
            .add("size", "DEMO_SIZE", "1m", "size")
            .add("time", "DEMO_TIME", "5s", "time")
            .add("name", null, null, "name");
    }

    @Test
    void shouldPreferFlagOverEnvironmentOverDefault() {
        assertThat(options(Map.of()).parse(new String[0]).longValue("rate", 0, 1000)).isEqualTo(100);
        assertThat(options(Map.of("DEMO_RATE", "7")).parse(new String[0]).longValue("rate", 0, 1000)).isEqualTo(7);
        assertThat(options(Map.of("DEMO_RATE", "7")).parse(new String[] {"--rate", "9"}).longValue("rate", 0, 1000))
            .isEqualTo(9);
        assertThat(options(Map.of("DEMO_RATE", "")).parse(new String[] {"--rate=11"}).longValue("rate", 0, 1000))
            .isEqualTo(11);
    }

    @Test
    void shouldReadSizesAndDurationsWithUnits() {
        final Options options = options(Map.of()).parse(new String[] {"--size", "64k", "--time", "250ms"});
        assertThat(options.sizeBytes("size", 0, Long.MAX_VALUE)).isEqualTo(65536);
        assertThat(options.durationNs("time")).isEqualTo(250_000_000L);
        assertThat(options(Map.of("DEMO_SIZE", "2G", "DEMO_TIME", "2m")).parse(new String[0]))
            .satisfies(o -> assertThat(o.sizeBytes("size", 0, Long.MAX_VALUE)).isEqualTo(2L << 30))
            .satisfies(o -> assertThat(o.durationNs("time")).isEqualTo(120_000_000_000L));
        assertThat(options(Map.of("DEMO_TIME", "0")).parse(new String[0]).durationNs("time")).isZero();
    }

    @Test
    void shouldNameTheSourceOfABadValue() {
        assertThatThrownBy(() -> options(Map.of("DEMO_RATE", "fast")).parse(new String[0])
            .longValue("rate", 0, 1000))
            .isInstanceOf(UsageException.class).hasMessage("DEMO_RATE (environment) 'fast' is not a whole number");
        assertThatThrownBy(() -> options(Map.of()).parse(new String[] {"--rate", "5000"}).longValue("rate", 0, 1000))
            .isInstanceOf(UsageException.class).hasMessage("--rate '5000' must be from 0 to 1000");
        assertThatThrownBy(() -> options(Map.of()).parse(new String[] {"--time", "5"}).durationNs("time"))
            .isInstanceOf(UsageException.class).hasMessageContaining("--time '5' is not a duration");
        assertThatThrownBy(() -> options(Map.of()).parse(new String[] {"--size", "1t"})
            .sizeBytes("size", 0, Long.MAX_VALUE))
            .isInstanceOf(UsageException.class).hasMessageContaining("--size '1t' is not a size");
        assertThatThrownBy(() -> options(Map.of()).parse(new String[0]).longValue("name", 0, 1))
            .isInstanceOf(UsageException.class).hasMessage("--name (default) is required; see --help");
    }

    @Test
    void shouldRejectUnknownOptionsMissingValuesAndStrayArguments() {
        assertThatThrownBy(() -> options(Map.of()).parse(new String[] {"--bogus", "1"}))
            .isInstanceOf(UsageException.class).hasMessage("unknown option --bogus; see --help");
        assertThatThrownBy(() -> options(Map.of()).parse(new String[] {"--rate"}))
            .isInstanceOf(UsageException.class).hasMessage("option --rate needs a value; see --help");
        assertThatThrownBy(() -> options(Map.of()).parse(new String[] {"extra"}))
            .isInstanceOf(UsageException.class).hasMessage("unexpected argument 'extra'; see --help");
    }

    @Test
    void shouldListEveryOptionWithItsVariableAndDefaultInTheUsage() {
        final Options options = options(Map.of()).parse(new String[] {"--help"});
        assertThat(options.helpRequested()).isTrue();
        assertThat(options.usage()).contains("Usage: demo run [OPTIONS]", "--rate V", "env DEMO_RATE, default 100",
            "--name V", "--help");
    }
}
