package io.shimmy.stream;

import io.shimmy.region.ChannelHeaderDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.shimmy.stream.StreamDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection and listener layouts: the offsets docs/format.md documents, and the rule that fields written by
 * different parties never share a line pair.
 */
class StreamDescriptorTest {
    @Test
    void shouldPlaceTheConnectionFileAtTheDocumentedOffsets() {
        assertThat(CAPACITY_OFFSET).isEqualTo(320);
        assertThat(LIVENESS_TIMEOUT_OFFSET).isEqualTo(328);
        assertThat(CONNECTION_ID_OFFSET).isEqualTo(336);
        assertThat(CONNECTOR_RING_OFFSET_OFFSET).isEqualTo(344);
        assertThat(ACCEPTOR_RING_OFFSET_OFFSET).isEqualTo(352);
        assertThat(ACCEPTOR_RING_OFFSET_OFFSET + 8)
            .isLessThanOrEqualTo(ChannelHeaderDescriptor.PARAMS_OFFSET + ChannelHeaderDescriptor.PARAMS_LENGTH);
        assertThat(CONNECTOR_END_OFFSET).isEqualTo(4096);
        assertThat(ACCEPTOR_END_OFFSET).isEqualTo(4224);
        assertThat(CONNECTOR_CONTROL_OFFSET).isEqualTo(4352);
        assertThat(ACCEPTOR_CONTROL_OFFSET).isEqualTo(5120);
        assertThat(ACCEPTOR_CONTROL_OFFSET + CONTROL_LENGTH).isEqualTo(5888).isLessThanOrEqualTo(RINGS_OFFSET);
        assertThat(SPACE_WANTED_OFFSET).isEqualTo(648);
        assertThat(connectorRingOffset()).isEqualTo(8192);
        assertThat(acceptorRingOffset(4096)).isEqualTo(12288);
        assertThat(fileLength(4096)).isEqualTo(16384);
        assertThat(fileLength(1 << 20)).isEqualTo(8192 + 2L * (1 << 20));
        assertThat(fileLength(MAX_CAPACITY)).isLessThanOrEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldKeepTheFieldsOfEachWriterOnLinePairsOfTheirOwn() {
        final Map<Integer, String> writers = new HashMap<>();
        for (final int control : List.of(CONNECTOR_CONTROL_OFFSET, ACCEPTOR_CONTROL_OFFSET)) {
            final String ring = control == CONNECTOR_CONTROL_OFFSET ? "connector ring " : "acceptor ring ";
            claim(writers, control + WRITE_POSITION_OFFSET, ring + "writer");
            claim(writers, control + END_OF_STREAM_OFFSET, ring + "writer");
            claim(writers, control + FULL_EVENTS_OFFSET, ring + "writer");
            claim(writers, control + READ_POSITION_OFFSET, ring + "reader");
            claim(writers, control + DATA_EVENTCOUNT_OFFSET, ring + "writer's wake-ups");
            claim(writers, control + DATA_WAITERS_OFFSET, ring + "reader's sleeps");
            claim(writers, control + READER_WAITING_OFFSET, ring + "reader's sleeps");
            claim(writers, control + SPACE_EVENTCOUNT_OFFSET, ring + "reader's wake-ups");
            claim(writers, control + SPACE_WAITERS_OFFSET, ring + "writer's sleeps");
            claim(writers, control + WRITER_WAITING_OFFSET, ring + "writer's sleeps");
            claim(writers, control + SPACE_WANTED_OFFSET, ring + "writer's sleeps");
        }
        for (final int end : List.of(CONNECTOR_END_OFFSET, ACCEPTOR_END_OFFSET)) {
            claim(writers, end + END_STATE_OFFSET, "end " + end);
            claim(writers, end + END_HEARTBEAT_OFFSET, "end " + end);
            claim(writers, end + END_PID_OFFSET, "end " + end);
        }
        assertThat(writers).hasSize(2 * 6 + 2);

        final Map<Integer, String> listener = new HashMap<>();
        claim(listener, ListenerDescriptor.LISTENER_END_OFFSET, "listener");
        claim(listener, ListenerDescriptor.NEXT_ID_OFFSET, "connectors' ids");
        claim(listener, ListenerDescriptor.EVENTCOUNT_OFFSET, "connectors' wake-ups");
        claim(listener, ListenerDescriptor.WAITERS_OFFSET, "listener's sleeps");
        claim(listener, ListenerDescriptor.WAITING_OFFSET, "listener's sleeps");
        claim(listener, ListenerDescriptor.slotOffset(0), "slot 0");
        claim(listener, ListenerDescriptor.slotOffset(1), "slot 1");
        assertThat(listener).hasSize(6);
    }

    private static void claim(final Map<Integer, String> writers, final int offset, final String writer) {
        final String before = writers.putIfAbsent(offset / LINE_PAIR, writer);
        assertThat(before).as("line pair of offset %d", offset).isIn(null, writer);
    }

    @Test
    void shouldPlaceTheListenerFileAtTheDocumentedOffsets() {
        assertThat(ListenerDescriptor.CAPACITY_OFFSET).isEqualTo(320);
        assertThat(ListenerDescriptor.LIVENESS_TIMEOUT_OFFSET).isEqualTo(328);
        assertThat(ListenerDescriptor.BACKLOG_OFFSET).isEqualTo(336);
        assertThat(ListenerDescriptor.SLOTS_OFFSET_OFFSET).isEqualTo(344);
        assertThat(ListenerDescriptor.LISTENER_END_OFFSET).isEqualTo(4096);
        assertThat(ListenerDescriptor.NEXT_ID_OFFSET).isEqualTo(4224);
        assertThat(ListenerDescriptor.EVENTCOUNT_OFFSET).isEqualTo(4352);
        assertThat(ListenerDescriptor.WAITERS_OFFSET).isEqualTo(4480);
        assertThat(ListenerDescriptor.WAITING_OFFSET).isEqualTo(4484);
        assertThat(ListenerDescriptor.SLOTS_OFFSET).isEqualTo(4608);
        assertThat(ListenerDescriptor.fileLength(16)).isEqualTo(8192);
        assertThat(ListenerDescriptor.fileLength(1)).isEqualTo(8192);
        assertThat(ListenerDescriptor.fileLength(ListenerDescriptor.MAX_BACKLOG)).isEqualTo(139_264);
    }

    @Test
    void shouldNameConnectionsAfterTheirListener() {
        assertThat(ConnectionName.of("rpc", 7)).isEqualTo("rpc@7");
        assertThat(ConnectionName.listener("a.b-c@12")).isEqualTo("a.b-c");
        assertThat(ConnectionName.id("a.b-c@12")).isEqualTo(12);
        assertThat(ConnectionName.isValid(ConnectionName.of("x".repeat(200), Long.MAX_VALUE))).isTrue();
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"rpc", "rpc@", "@1", "rpc@0", "rpc@01", "rpc@-1", "rpc@1x", ".rpc@1", "a b@1", "rpc@1@2",
        "rpc@9223372036854775808", "rpc@99999999999999999999"})
    void shouldRefuseWhatIsNotAConnectionName(final String name) {
        assertThat(ConnectionName.isValid(name)).isFalse();
    }
}
