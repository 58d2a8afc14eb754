package io.shimmy.examples.sensors;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code alerts} analysis: prints an alert line when a reading exceeds a threshold, at most one per sensor per
 * interval (the others are counted), and counts them all.
 */
final class Alerts implements Analysis {
    private final String command;
    private final PrintStream out;
    private final double threshold;
    private final long quietNs;
    private long[] lastPrintedNs = new long[8];
    private long alerts;
    private long printed;
    private long intervalAlerts;
    private int sensorsAlerting;
    private boolean[] alerting = new boolean[8];

    /**
     * The analysis.
     *
     * @param command prefixed to alert lines.
     * @param out where alerts go.
     * @param threshold readings above it are alerts.
     * @param quietNs shortest time between two alert lines of one sensor.
     */
    Alerts(final String command, final PrintStream out, final double threshold, final long quietNs) {
        this.command = command;
        this.out = out;
        this.threshold = threshold;
        this.quietNs = quietNs;
    }

    @Override
    public void reading(final int sensor, final double value, final long receivedNs) {
        if (!(value > threshold) || sensor < 0) {
            return;
        }
        if (sensor >= lastPrintedNs.length) {
            final int length = Math.max(sensor + 1, lastPrintedNs.length * 2);
            lastPrintedNs = Arrays.copyOf(lastPrintedNs, length);
            alerting = Arrays.copyOf(alerting, length);
        }
        alerts++;
        intervalAlerts++;
        if (!alerting[sensor]) {
            alerting[sensor] = true;
            sensorsAlerting++;
        } else if (receivedNs - lastPrintedNs[sensor] < quietNs) {
            return;
        }
        lastPrintedNs[sensor] = receivedNs;
        printed++;
        out.printf(Locale.ROOT, "%s: ALERT sensor %d read %.1f C, above %.1f C%n", command, sensor, value, threshold);
    }

    @Override
    public String interval() {
        final String text = intervalAlerts == 0 ? "" : String.format(Locale.ROOT, "  alerts %,d", intervalAlerts);
        intervalAlerts = 0;
        return text;
    }

    @Override
    public void summary(final PrintStream out, final String command) {
        out.printf(Locale.ROOT, "%s: %,d readings above %.1f C from %d sensors (%,d alert lines printed)%n", command,
            alerts, threshold, sensorsAlerting, printed);
    }

    /**
     * Readings above the threshold so far.
     *
     * @return the count.
     */
    long alerts() {
        return alerts;
    }
}
