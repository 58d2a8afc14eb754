package io.shimmy.examples.sensors;

import java.io.PrintStream;

/**
 * What an analytics subscriber does with each reading, beyond the checks and the latency every subscriber
 * measures.
 * <p>
 * <b>Note:</b> called from the polling thread only.
 */
interface Analysis {
    /**
     * Handles a reading; called on the hot path, so it should not allocate.
     *
     * @param sensor that sent it.
     * @param value in degrees Celsius.
     * @param receivedNs {@code System.nanoTime()} when it arrived.
     */
    void reading(int sensor, double value, long receivedNs);

    /**
     * Text for the periodic progress line about what happened since the last one, starting with two spaces, or
     * empty.
     *
     * @return the text.
     */
    String interval();

    /**
     * Prints the final summary lines.
     *
     * @param out where to print.
     * @param command prefixed to each line.
     */
    void summary(PrintStream out, String command);
}
