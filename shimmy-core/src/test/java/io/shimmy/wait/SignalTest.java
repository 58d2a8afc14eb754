package io.shimmy.wait;

import io.shimmy.buffer.SharedBuffer;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SignalTest {
    private static final int EVENTCOUNT = 0;
    private static final int WAITERS = 128;
    private static final int FLAG_A = 256;
    private static final int FLAG_B = 384;

    private final SharedBuffer buffer = SharedBuffer.allocateDirect(512);
    private final Signal signal = new Signal(buffer, EVENTCOUNT, WAITERS);

    @Test
    void shouldLeaveTheEventcountAloneWhenNobodyAnnouncedASleep() {
        for (int i = 0; i < 1000; i++) {
            signal.signal();
        }
        assertThat(buffer.getIntVolatile(EVENTCOUNT)).isZero();
        assertThat(buffer.getIntVolatile(WAITERS)).isZero();
    }

    @Test
    void shouldBumpTheEventcountOnceASleeperAnnouncedItself() {
        final int seen = signal.prepare(FLAG_A);
        assertThat(buffer.getIntVolatile(WAITERS)).isEqualTo(1);
        assertThat(buffer.getIntVolatile(FLAG_A)).isEqualTo(1);
        assertThat(seen).as("armed").isOdd().isEqualTo(buffer.getIntVolatile(EVENTCOUNT));
        signal.signal();
        assertThat(buffer.getIntVolatile(EVENTCOUNT)).isEqualTo(seen + 1);
        signal.signal();
        assertThat(buffer.getIntVolatile(EVENTCOUNT)).as("woken once per sleep, not once per commit")
            .isEqualTo(seen + 1);
        signal.cancel(FLAG_A);
        assertThat(buffer.getIntVolatile(WAITERS)).isZero();
        assertThat(buffer.getIntVolatile(FLAG_A)).isZero();
        signal.signal();
        assertThat(buffer.getIntVolatile(EVENTCOUNT)).isEqualTo(seen + 1);
    }

    @Test
    void shouldArmOnceForSeveralSleepersAndWakeThemAllWithOneSignal() {
        final int first = signal.prepare(FLAG_A);
        final int second = signal.prepare(FLAG_B);
        assertThat(second).isEqualTo(first);
        signal.signal();
        assertThat(buffer.getIntVolatile(EVENTCOUNT)).isNotEqualTo(first).isEven();
        signal.cancel(FLAG_A);
        final int again = signal.prepare(FLAG_A);
        assertThat(again).as("a sleeper going back to sleep arms it again").isEqualTo(first + 2);
        signal.signal();
        assertThat(buffer.getIntVolatile(EVENTCOUNT)).isEqualTo(first + 3);
        signal.cancel(FLAG_A);
        signal.cancel(FLAG_B);
    }

    @Test
    void shouldArmAnEventcountOfAnyValueAndWrapAround() {
        buffer.putIntRelease(EVENTCOUNT, -1);
        assertThat(signal.prepare(FLAG_A)).isEqualTo(-1);
        signal.signal();
        assertThat(buffer.getIntVolatile(EVENTCOUNT)).isZero();
        signal.cancel(FLAG_A);
        buffer.putIntRelease(EVENTCOUNT, Integer.MAX_VALUE - 1);
        assertThat(signal.prepare(FLAG_A)).isEqualTo(Integer.MAX_VALUE);
        signal.signal();
        assertThat(buffer.getIntVolatile(EVENTCOUNT)).isEqualTo(Integer.MIN_VALUE);
        signal.cancel(FLAG_A);
    }

    @Test
    void shouldReturnFromSleepAtOnceWhenTheEventcountMovedAfterPrepare() {
        final int seen = signal.prepare(FLAG_A);
        signal.signal();
        final long start = System.nanoTime();
        signal.sleep(seen, TimeUnit.SECONDS.toNanos(30));
        signal.cancel(FLAG_A);
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(20));
    }

    @Test
    void shouldWakeASleeperOfAnotherThread() throws Exception {
        final CountDownLatch announced = new CountDownLatch(1);
        final CountDownLatch woken = new CountDownLatch(1);
        final Thread sleeper = new Thread(() -> {
            final int seen = signal.prepare(FLAG_A);
            announced.countDown();
            while (buffer.getIntVolatile(EVENTCOUNT) == seen) {
                signal.sleep(seen, TimeUnit.SECONDS.toNanos(30));
            }
            signal.cancel(FLAG_A);
            woken.countDown();
        });
        sleeper.start();
        assertThat(announced.await(10, TimeUnit.SECONDS)).isTrue();
        signal.signal();
        assertThat(woken.await(20, TimeUnit.SECONDS)).as("woken well before its 30 s timeout").isTrue();
        sleeper.join();
        assertThat(buffer.getIntVolatile(WAITERS)).isZero();
    }

    @Test
    void shouldClearTheAnnouncementOfADeadSleeperOnlyOnce() {
        signal.prepare(FLAG_A);
        signal.prepare(FLAG_B);
        assertThat(buffer.getIntVolatile(WAITERS)).isEqualTo(2);
        Signal.clearWaiter(buffer, FLAG_A, WAITERS);
        Signal.clearWaiter(buffer, FLAG_A, WAITERS);
        signal.cancel(FLAG_A);
        assertThat(buffer.getIntVolatile(WAITERS)).isEqualTo(1);
        signal.cancel(FLAG_B);
        assertThat(buffer.getIntVolatile(WAITERS)).isZero();
    }

    @Test
    void shouldSleepInTheKernelOnlyOnDirectBuffers() {
        final Signal onHeap = new Signal(SharedBuffer.wrap(new byte[512]), EVENTCOUNT, WAITERS);
        assertThat(onHeap.blocking()).isFalse();
        assertThat(signal.blocking()).isEqualTo(Futex.AVAILABLE);
    }
}
