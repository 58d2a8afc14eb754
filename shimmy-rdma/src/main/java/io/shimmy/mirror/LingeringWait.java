package io.shimmy.mirror;

import io.shimmy.wait.WaitStrategy;
import io.shimmy.wait.Waitable;

/**
 * The {@code block} wait of a mirror's sender ({@link MirrorContext#newSenderWaitStrategy}): spins a few idle
 * cycles, then yields its core until a linger time has passed since the last work, and only then sleeps on the
 * topic. While messages keep coming the sender does not sleep, so neither do they wait for it to wake nor do the
 * origin's publishers pay a wake-up system call on their commits (they make one on every commit while a sleeper
 * has announced itself and not yet run); yielding leaves the core to any thread that needs it. Once the topic has
 * been quiet for the linger time, it costs nothing.
 */
final class LingeringWait implements WaitStrategy {
    private final Waitable waitable;
    private final int spins;
    private final long lingerNs;
    private final long maxSleepNs;
    private int idleCycles;
    private long idleSinceNs;

    /**
     * A lingering wait.
     *
     * @param waitable what to sleep on.
     * @param spins idle cycles that spin before yielding.
     * @param lingerNs how long after the last work the thread yields rather than sleeps.
     * @param maxSleepNs longest sleep before the caller polls again.
     */
    LingeringWait(final Waitable waitable, final int spins, final long lingerNs, final long maxSleepNs) {
        this.waitable = waitable;
        this.spins = spins;
        this.lingerNs = lingerNs;
        this.maxSleepNs = maxSleepNs;
    }

    @Override
    public void idle(final int workCount) {
        if (workCount > 0) {
            idleCycles = 0;
            return;
        }
        if (idleCycles == 0) {
            idleSinceNs = System.nanoTime();
        }
        if (idleCycles < spins) {
            idleCycles++;
            Thread.onSpinWait();
            return;
        }
        idleCycles = spins + 1;
        if (System.nanoTime() - idleSinceNs < lingerNs) {
            Thread.yield();
            return;
        }
        waitable.await(maxSleepNs);
    }

    @Override
    public void reset() {
        idleCycles = 0;
    }
}
