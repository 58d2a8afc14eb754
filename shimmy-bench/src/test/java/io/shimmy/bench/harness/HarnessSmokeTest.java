package io.shimmy.bench.harness;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A short run of the harness for every flag-free transport and for one peer with its JVM flags (Agrona): it checks
 * that runs complete, that every message arrives once and in order (the children check each sequence number), and
 * that nothing is left behind. It prints the figures but asserts nothing about them: this is not a benchmark.
 */
class HarnessSmokeTest {
    private static final int WARMUP = 500;
    private static final int ROUND_TRIPS = 3000;
    private static final int MESSAGES = 20_000;

    private static Runner runner;

    @BeforeAll
    static void createRunner() {
        runner = new Runner(new RunnerConfig().timeoutNs(TimeUnit.MINUTES.toNanos(2)));
    }

    static List<String> transports() {
        return List.of("shimmy-topic", "shimmy-stream", "shm-floor", "uds", "tcp", "agrona");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void shouldTimeEveryRoundTripAndDeliverEveryMessageInOrder(final String name) throws Exception {
        final Set<String> before = runDirectories();
        final TransportKind kind = TransportKind.named(name);
        final LatencyResult latency = runner.latency(kind, 32, Wait.SPIN, WARMUP, ROUND_TRIPS);
        assertThat(latency.histogram().getTotalCount()).isEqualTo(ROUND_TRIPS);
        assertThat(latency.percentileNs(50)).isPositive().isLessThanOrEqualTo(latency.percentileNs(99));
        final ThroughputResult throughput = runner.throughput(kind, 256, 1, Wait.SPIN, WARMUP, MESSAGES);
        assertThat(throughput.messages()).isEqualTo(MESSAGES);
        assertThat(throughput.elapsedNs()).isPositive();
        System.out.println(Results.latencyRow(latency));
        System.out.println(Results.throughputRow(throughput));
        assertThat(runDirectories()).as("run directories removed").isSubsetOf(before);
    }

    @Test
    void shouldFanOutToSeveralSubscribersAndWaitInTheKernel() throws Exception {
        final TransportKind topic = TransportKind.named("shimmy-topic");
        final ThroughputResult fanout = runner.throughput(topic, 32, 2, Wait.YIELD, WARMUP, MESSAGES);
        assertThat(fanout.subscribers()).isEqualTo(2);
        final ThroughputResult sockets = runner.throughput(TransportKind.named("uds"), 32, 2, Wait.YIELD, WARMUP,
            MESSAGES);
        assertThat(sockets.messages()).isEqualTo(MESSAGES);
        final LatencyResult block = runner.latency(topic, 32, Wait.BLOCK, WARMUP, 1000);
        assertThat(block.label()).isEqualTo("shimmy-topic-block");
        final LatencyResult udsBlock = runner.latency(TransportKind.named("uds"), 32, Wait.BLOCK, WARMUP, 1000);
        assertThat(udsBlock.histogram().getTotalCount()).isEqualTo(1000);
        final IdleResult idle = runner.idle(topic, Wait.BLOCK, TimeUnit.MILLISECONDS.toNanos(500),
            TimeUnit.SECONDS.toNanos(1));
        assertThat(idle.cpuNs()).isNotNegative();
        assertThat(idle.elapsedNs()).isPositive();
        System.out.println(Results.throughputRow(fanout));
        System.out.println(Results.throughputRow(sockets));
        System.out.println(Results.latencyRow(block));
        System.out.println(Results.latencyRow(udsBlock));
        System.out.println(Results.idleRow(idle));
    }

    @Test
    void shouldRefuseAWaitTheTransportDoesNotHave() {
        assertThatThrownBy(() -> runner.latency(TransportKind.named("agrona"), 32, Wait.BLOCK, 1, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot wait with block");
        assertThatThrownBy(() -> runner.latency(TransportKind.named("uds"), 4, Wait.SPIN, 1, 1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 8 bytes");
    }

    @Test
    void shouldReportAFailingChildWithWhatItSaid() {
        final Runner broken = new Runner(new RunnerConfig().jvmOptions(List.of("-Xmx1k")));
        assertThatThrownBy(() -> broken.latency(TransportKind.named("shm-floor"), 8, Wait.SPIN, 1, 1))
            .isInstanceOf(BenchException.class).hasMessageContaining("shm-floor latency")
            .hasMessageContaining("the pong process");
    }

    private static Set<String> runDirectories() throws IOException {
        try (Stream<Path> paths = Files.list(Path.of("/dev/shm"))) {
            return paths.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("shimmy-bench-"))
                .collect(Collectors.toSet());
        }
    }
}
