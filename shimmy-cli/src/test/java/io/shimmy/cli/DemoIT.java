package io.shimmy.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shimmy demo} end to end: two child JVMs, results, clean-up.
 */
class DemoIT extends CliProcesses {
    @Test
    void shouldRunTheDemoPrintPercentilesAndCleanUp() throws Exception {
        final long start = System.nanoTime();
        final Result demo = shimmy("demo");
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.println(demo.out() + "(" + elapsedMs + " ms)");
        assertThat(demo.exitCode()).as(demo.stderr()).isZero();
        assertThat(demo.stderr()).isEmpty();
        assertThat(demo.out()).containsPattern("p50 +\\d+\\.\\d+ us").containsPattern("p99 +\\d+\\.\\d+ us")
            .containsPattern("p99\\.9 +\\d+\\.\\d+ us").containsPattern("throughput: .* msgs/s");
        assertThat(demo.lines().size()).isLessThanOrEqualTo(12);
        assertThat(elapsedMs).isLessThan(30_000);

        final String first = demo.lines().get(0);
        final Path demoDir = Path.of(first.substring(first.lastIndexOf(" in ") + 4));
        assertThat(demoDir).doesNotExist();
        assertThat(demo.lines().get(demo.lines().size() - 1)).isEqualTo("removed " + demoDir);
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(
            demoDir.toString()))).as("no child left").isEmpty();
    }
}
