package io.shimmy.wait;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The announce, re-check, sleep protocol of {@link Signal} across processes: no wake-up is ever lost. Counts are
 * system properties, for long runs: {@code shimmy.test.roundTrips} (both sides sleep, default 50k) and
 * {@code shimmy.test.races} (publishes aimed at the sleeper's announce-to-sleep window, default 1M).
 */
class BlockingWaitRaceTest {
    private static final long ROUND_TRIPS = Long.getLong("shimmy.test.roundTrips", 50_000);
    private static final long RACES = Long.getLong("shimmy.test.races", 1_000_000);

    @TempDir(cleanup = CleanupMode.ALWAYS)
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldNeverLeaveASubscriberAsleepOnAMessageAcrossProcesses() throws Exception {
        assumeTrue(Futex.AVAILABLE, "futex unavailable: " + Futex.UNAVAILABLE_REASON);
        final List<String> done = run(PingPongChild.class, "pong", "ping", ROUND_TRIPS);
        assertThat(done).containsExactly("DONE " + ROUND_TRIPS, "DONE " + ROUND_TRIPS);
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldWakeTheSleeperOfEveryRaceBetweenAPublishAndASleep() throws Exception {
        assumeTrue(Futex.AVAILABLE, "futex unavailable: " + Futex.UNAVAILABLE_REASON);
        final List<String> done = run(WakeRaceChild.class, "sleeper", "waker", RACES);
        assertThat(done.get(1)).isEqualTo("DONE " + RACES);
        final String[] sleeper = done.get(0).split(" ");
        assertThat(sleeper[0] + " " + sleeper[1]).as(done.get(0)).isEqualTo("DONE " + RACES);
        final long quick = Long.parseLong(sleeper[3]);
        final long slept = Long.parseLong(sleeper[5]);
        System.out.println("wake-up races: " + RACES + " messages; the sleeper's awaits returned at once " + quick +
            " times (the publish fell between its poll and its sleep) and slept until woken " + slept + " times");
        assertThat(quick).as("publishes that hit the announce-to-sleep window").isPositive();
        assertThat(slept).as("sleeps ended by a wake-up").isGreaterThan(RACES / 10);
    }

    /**
     * Runs two children on one channel directory and returns their {@code DONE} lines (first, then second).
     */
    private List<String> run(final Class<?> main, final String first, final String second, final long count)
        throws Exception {
        final List<Process> children = new ArrayList<>();
        try {
            final Process a = start(main, first, count);
            children.add(a);
            final BufferedReader aOut = output(a);
            awaitLine(aOut, "READY");
            final Process b = start(main, second, count);
            children.add(b);
            final BufferedReader bOut = output(b);
            awaitLine(bOut, "READY");
            final List<String> done = List.of(awaitLine(aOut, "DONE"), awaitLine(bOut, "DONE"));
            for (final Process child : children) {
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as(done.toString()).isZero();
            }
            return done;
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    private Process start(final Class<?> main, final String role, final long count) throws IOException {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), main.getName(),
            dir.toString(), role, String.valueOf(count))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    }

    private static BufferedReader output(final Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String awaitLine(final BufferedReader reader, final String prefix) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(prefix) || line.startsWith("MISMATCH") || line.startsWith("LOST")) {
                return line;
            }
        }
        throw new AssertionError("child exited before printing " + prefix);
    }
}
