package io.shimmy.bench.harness;

import io.shimmy.wait.WaitStrategy;

import java.nio.ByteBuffer;

/**
 * One process's end of a transport, as the harness drives it. A client's link sends to every server and receives
 * their echoes (from server 0); a server's link receives the client's messages and, in a latency run, echoes them.
 * <p>
 * <b>Note:</b> used by one thread. {@link #offer}, {@link #poll} and {@link #echo} are the measured hot path: they
 * must not allocate, and they must not block unless the run's wait is {@link Wait#BLOCK}.
 */
public interface Link extends AutoCloseable {
    /**
     * Sends a message to the other side (a client: to every server).
     *
     * @param message the bytes to send, from index 0; its position and limit are not used.
     * @param length of the message.
     * @return true if sent; false if back-pressured (the harness retries).
     */
    boolean offer(ByteBuffer message, int length);

    /**
     * Delivers messages that have arrived.
     *
     * @param receiver called with each message's sequence number.
     * @param limit most messages to deliver.
     * @return messages delivered.
     */
    int poll(Receiver receiver, int limit);

    /**
     * Sends each message that has arrived straight back, unchanged (a server in a latency run).
     *
     * @param limit most messages to echo.
     * @return messages echoed.
     */
    int echo(int limit);

    /**
     * How the harness waits between empty polls of this link. The default spins or yields; a transport that
     * supports {@link Wait#BLOCK} overrides this to sleep in the kernel.
     *
     * @param wait the run's wait.
     * @return a new strategy.
     */
    default WaitStrategy waitStrategy(final Wait wait) {
        if (wait == Wait.BLOCK) {
            throw new IllegalArgumentException("this transport has no blocking wait; use --wait spin or yield");
        }
        return wait.spinOrYield();
    }

    /**
     * Releases what the link holds.
     */
    @Override
    void close();
}
