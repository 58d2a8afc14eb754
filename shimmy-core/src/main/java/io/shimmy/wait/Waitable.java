package io.shimmy.wait;

/**
 * Something a thread can wait on in the kernel until a writer signals it: a subscription, a stream input.
 * Used by {@link BlockingWait}.
 */
public interface Waitable {
    /**
     * Sleeps until a writer signals, work is already available, or the timeout passes. Implementations announce
     * themselves, re-check for work, then sleep (see {@link Signal}).
     *
     * @param timeoutNs longest sleep.
     */
    void await(long timeoutNs);
}
