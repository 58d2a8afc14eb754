package io.shimmy.wait;

/**
 * Never leaves the CPU: lowest latency, one core busy per waiting thread.
 */
public final class BusySpinWait implements WaitStrategy {
    @Override
    public void idle(final int workCount) {
        if (workCount <= 0) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void reset() {
    }
}
