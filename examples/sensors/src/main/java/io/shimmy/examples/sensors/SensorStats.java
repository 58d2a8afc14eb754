package io.shimmy.examples.sensors;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * The {@code stats} analysis: count, minimum, mean and maximum of each sensor's readings.
 */
final class SensorStats implements Analysis {
    private static final int SHOWN_SENSORS = 16;

    private long[] counts = new long[8];
    private double[] sums = new double[8];
    private double[] mins = new double[8];
    private double[] maxs = new double[8];
    private int sensors;
    private double intervalSum;
    private long intervalCount;

    SensorStats() {
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
        Arrays.fill(maxs, Double.NEGATIVE_INFINITY);
    }

    @Override
    public void reading(final int sensor, final double value, final long receivedNs) {
        if (sensor < 0) {
            return;
        }
        if (sensor >= counts.length) {
            grow(sensor + 1);
        }
        sensors = Math.max(sensors, sensor + 1);
        counts[sensor]++;
        sums[sensor] += value;
        mins[sensor] = Math.min(mins[sensor], value);
        maxs[sensor] = Math.max(maxs[sensor], value);
        intervalSum += value;
        intervalCount++;
    }

    private void grow(final int needed) {
        final int length = Math.max(needed, counts.length * 2);
        final int old = counts.length;
        counts = Arrays.copyOf(counts, length);
        sums = Arrays.copyOf(sums, length);
        mins = Arrays.copyOf(mins, length);
        maxs = Arrays.copyOf(maxs, length);
        Arrays.fill(mins, old, length, Double.POSITIVE_INFINITY);
        Arrays.fill(maxs, old, length, Double.NEGATIVE_INFINITY);
    }

    @Override
    public String interval() {
        final String text = intervalCount == 0 ? "" :
            String.format(Locale.ROOT, "  mean %.1f C over %d sensors", intervalSum / intervalCount, sensors);
        intervalSum = 0;
        intervalCount = 0;
        return text;
    }

    @Override
    public void summary(final PrintStream out, final String command) {
        for (int sensor = 0; sensor < Math.min(sensors, SHOWN_SENSORS); sensor++) {
            if (counts[sensor] > 0) {
                out.printf(Locale.ROOT, "%s: sensor %d: %,d readings, min %.1f C, mean %.1f C, max %.1f C%n", command,
                    sensor, counts[sensor], mins[sensor], sums[sensor] / counts[sensor], maxs[sensor]);
            }
        }
        if (sensors > SHOWN_SENSORS) {
            out.printf("%s: ... and %d more sensors%n", command, sensors - SHOWN_SENSORS);
        }
    }

    /**
     * Readings counted for a sensor.
     *
     * @param sensor its number.
     * @return the count.
     */
    long count(final int sensor) {
        return sensor < counts.length ? counts[sensor] : 0;
    }
}
