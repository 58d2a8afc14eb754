package io.shimmy.bench.harness;

/**
 * One one-way throughput run: the publisher sent {@code messages} timed messages (after a warm-up), and every
 * subscriber received all of them, checked, in {@code elapsedNs}.
 *
 * @param transport that was measured.
 * @param size of each message in bytes.
 * @param subscribers how many received every message.
 * @param waitMode how the processes waited.
 * @param messages timed messages.
 * @param elapsedNs from the publisher's first timed offer to the last subscriber's last message.
 */
public record ThroughputResult(TransportKind transport, int size, int subscribers, Wait waitMode, long messages,
    long elapsedNs) {
    /**
     * Messages per second that reached every subscriber.
     *
     * @return the rate.
     */
    public double messagesPerSecond() {
        return messages * 1e9 / elapsedNs;
    }

    /**
     * Nanoseconds per message, the inverse of the rate.
     *
     * @return nanoseconds.
     */
    public double nsPerMessage() {
        return (double)elapsedNs / messages;
    }

    /**
     * The label of the row: the transport, with the wait appended unless it is {@code spin}.
     *
     * @return e.g. {@code uds}.
     */
    public String label() {
        return Runner.label(transport, waitMode);
    }
}
