package io.shimmy.wait;

/**
 * Yields the CPU to other runnable threads when idle; still a busy core when nothing else runs.
 */
public final class YieldingWait implements WaitStrategy {
    @Override
    public void idle(final int workCount) {
        if (workCount <= 0) {
            Thread.yield();
        }
    }

    @Override
    public void reset() {
    }
}
