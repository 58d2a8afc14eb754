package io.shimmy.examples.sensors;

import io.shimmy.examples.common.Launcher;

/**
 * {@code java -jar shimmy-sensors.jar ROLE [OPTIONS]}: one jar, one image, three roles.
 */
public final class SensorsMain {
    private SensorsMain() {
    }

    /**
     * Runs a role.
     *
     * @param args the role ({@code publish}, {@code stats} or {@code alerts}) and its options.
     */
    public static void main(final String[] args) {
        launcher().main(args);
    }

    /**
     * The roles of this example.
     *
     * @return the launcher.
     */
    static Launcher launcher() {
        return new Launcher("shimmy-sensors", "Simulated sensor readings over a Shimmy topic, fanned out to analytics.")
            .role("publish", "publish readings of simulated sensors at a steady rate", SensorPublisher::run)
            .role("stats", "subscribe; per-sensor statistics, rate and latency", AnalyticsSubscriber::stats)
            .role("alerts", "subscribe; report readings above a threshold, rate and latency",
                AnalyticsSubscriber::alerts);
    }
}
