package io.shimmy.bench.harness;

/**
 * Receives the sequence number of each message a {@link Link} delivers: the little-endian {@code long} in the
 * message's first eight bytes.
 */
@FunctionalInterface
public interface Receiver {
    /**
     * Called once per message, in order.
     *
     * @param sequence the message's sequence number.
     */
    void onMessage(long sequence);
}
