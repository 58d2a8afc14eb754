package io.shimmy.mirror;

import io.shimmy.InvalidConfigurationException;
import io.shimmy.wait.WaitStrategy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tcp sender's {@code block} wait: it yields rather than sleeps while the linger lasts, sleeps once it passed,
 * and starts lingering again after work.
 */
class LingeringWaitTest {
    private static final long HOUR_NS = TimeUnit.HOURS.toNanos(1);

    @Test
    void shouldNotSleepWhileTheLingerLasts() {
        final AtomicInteger sleeps = new AtomicInteger();
        final WaitStrategy wait = new LingeringWait(timeoutNs -> sleeps.incrementAndGet(), 20, HOUR_NS, 1_000_000);
        for (int i = 0; i < 1000; i++) {
            wait.idle(0);
        }
        assertThat(sleeps).hasValue(0);
    }

    @Test
    void shouldSleepAfterItsSpinsWithoutALinger() {
        final AtomicInteger sleeps = new AtomicInteger();
        final WaitStrategy wait = new LingeringWait(timeoutNs -> sleeps.incrementAndGet(), 20, 0, 1_000_000);
        for (int i = 0; i < 20; i++) {
            wait.idle(0);
        }
        assertThat(sleeps).hasValue(0);
        wait.idle(0);
        wait.idle(0);
        assertThat(sleeps).hasValue(2);
        wait.idle(1);
        wait.idle(0);
        assertThat(sleeps).as("work starts the spins again").hasValue(2);
    }

    @Test
    void shouldLingerOnlyForTcpSendersByDefault() {
        assertThat(new MirrorContext().transport("tcp").senderLingerNs())
            .isEqualTo(MirrorContext.DEFAULT_SENDER_LINGER_NS);
        assertThat(new MirrorContext().transport("ucx").senderLingerNs()).isZero();
        assertThat(new MirrorContext().transport("ucx").senderLingerNs(5000).senderLingerNs()).isEqualTo(5000);
        assertThatThrownBy(() -> new MirrorContext().senderLingerNs(-1))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("use 0 to 1 s");
    }
}
