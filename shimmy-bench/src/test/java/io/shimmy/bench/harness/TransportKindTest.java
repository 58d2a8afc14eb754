package io.shimmy.bench.harness;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry of transports.
 */
class TransportKindTest {
    @Test
    void shouldCreateEveryTransportItLists() {
        for (final TransportKind kind : TransportKind.ALL) {
            assertThat(kind.newTransport()).as(kind.name()).isInstanceOf(Transport.class);
            assertThat(kind.waits()).as(kind.name()).contains(Wait.SPIN, Wait.YIELD);
        }
    }

    @Test
    void shouldListTheFlagFreeTransportsTheCliRuns() {
        assertThat(TransportKind.flagFreeKinds()).extracting(TransportKind::name)
            .containsExactly("shimmy-topic", "shimmy-stream", "shm-floor", "uds", "tcp");
        assertThat(TransportKind.named("chronicle").jvmFlags()).anyMatch(flag -> flag.startsWith("--add-opens"));
        assertThat(TransportKind.named("aeron-ipc-pretouch").jvmFlags())
            .contains("-Daeron.pre.touch.mapped.memory=true");
    }

    @Test
    void shouldNameTheKnownTransportsForAnUnknownOne() {
        assertThatThrownBy(() -> TransportKind.named("pigeon")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("unknown transport 'pigeon'")
            .hasMessageContaining("shimmy-topic, shimmy-stream, shm-floor");
    }

    @Test
    void shouldLabelRowsByTransportAndWait() {
        assertThat(Runner.label(TransportKind.named("uds"), Wait.SPIN)).isEqualTo("uds");
        assertThat(Runner.label(TransportKind.named("uds"), Wait.BLOCK)).isEqualTo("uds-block");
    }
}
