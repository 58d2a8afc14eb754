package io.shimmy.wait;

import io.shimmy.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaitStrategyTest {
    private static final Waitable NOTHING = timeoutNs -> { };

    @Test
    void shouldMakeStrategiesByTheirCliNames() {
        assertThat(WaitStrategy.named("spin", NOTHING)).isInstanceOf(BusySpinWait.class);
        assertThat(WaitStrategy.named("YIELD", NOTHING)).isInstanceOf(YieldingWait.class);
        assertThat(WaitStrategy.named("backoff", NOTHING)).isInstanceOf(BackoffWait.class);
        assertThat(WaitStrategy.named("block", NOTHING)).isInstanceOf(BlockingWait.class);
        assertThat(WaitStrategy.named("spin", NOTHING)).isNotSameAs(WaitStrategy.named("spin", NOTHING));
    }

    @Test
    void shouldRejectUnknownNamesListingTheKnownOnes() {
        assertThatThrownBy(() -> WaitStrategy.named("sleep", NOTHING))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("'sleep'")
            .hasMessageContaining("spin, yield, backoff or block");
    }

    @Test
    void shouldReturnFromIdleWhetherOrNotThereWasWork() {
        for (final WaitStrategy wait : new WaitStrategy[] {
            new BusySpinWait(), new YieldingWait(), new BackoffWait(2, 2, 1_000, 4_000)}) {
            for (int i = 0; i < 20; i++) {
                wait.idle(0);
            }
            wait.idle(-5);
            wait.idle(3);
            wait.reset();
            wait.idle(0);
        }
    }
}
