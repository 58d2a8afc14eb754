package io.shimmy.wait;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

class BlockingWaitRaceTest {
    private static final int ROUND_TRIPS = Integer.getInteger("shimmy.test.races", 50_000);

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ALWAYS)
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldNeverLeaveASubscriberAsleepOnAMessageAcrossProcesses() throws Exception {
        assumeTrue(Futex.AVAILABLE, "futex unavailable: " + Futex.UNAVAILABLE_REASON);
        final Path shm = Path.of("/dev/shm");
        final Path channels = shm.toFile().isDirectory() ?
            java.nio.file.Files.createTempDirectory(shm, "shimmy-race") : dir;
        final List<Process> children = new ArrayList<>();
        try {
            final Process pong = start(channels, "pong");
            children.add(pong);
            final BufferedReader pongOut = output(pong);
            awaitLine(pongOut, "READY");
            final Process ping = start(channels, "ping");
            children.add(ping);
            final BufferedReader pingOut = output(ping);
            awaitLine(pingOut, "READY");
            assertThat(awaitLine(pingOut, "DONE")).isEqualTo("DONE " + ROUND_TRIPS);
            assertThat(awaitLine(pongOut, "DONE")).isEqualTo("DONE " + ROUND_TRIPS);
            assertThat(ping.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(pong.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(ping.exitValue()).isZero();
            assertThat(pong.exitValue()).isZero();
        } finally {
            children.forEach(Process::destroyForcibly);
            if (!channels.equals(dir)) {
                try (var files = java.nio.file.Files.list(channels)) {
                    files.forEach(f -> f.toFile().delete());
                }
                channels.toFile().delete();
            }
        }
    }

    private static Process start(final Path channels, final String role) throws IOException {
        final String java = ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            PingPongChild.class.getName(), channels.toString(), role, String.valueOf(ROUND_TRIPS))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    }

    private static BufferedReader output(final Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String awaitLine(final BufferedReader reader, final String prefix) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(prefix) || line.startsWith("MISMATCH")) {
                return line;
            }
        }
        throw new AssertionError("child exited before printing " + prefix);
    }
}
