package io.shimmy.bench.harness;

/**
 * CPU used by a subscriber process waiting for messages that do not come: user plus system time from
 * {@code /proc/PID/stat}, over all its threads (JIT, GC and keepalive included).
 *
 * @param transport that was measured.
 * @param waitMode how the subscriber waited.
 * @param cpuNs CPU time used during the measurement.
 * @param elapsedNs length of the measurement.
 */
public record IdleResult(TransportKind transport, Wait waitMode, long cpuNs, long elapsedNs) {
    /**
     * CPU used as a share of one core.
     *
     * @return e.g. 0.004 for 0.4% of a core.
     */
    public double coreFraction() {
        return (double)cpuNs / elapsedNs;
    }
}
