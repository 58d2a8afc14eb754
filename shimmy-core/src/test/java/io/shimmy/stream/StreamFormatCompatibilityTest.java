package io.shimmy.stream;

import io.shimmy.CorruptChannelException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.region.ChannelHeader;
import io.shimmy.region.ChannelKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads {@code format/stream-listener-v2.bin} and {@code format/stream-connection-v2.bin}, stream files written by
 * layout version 2 ({@link StreamFormatFileGenerator}), with the current code. A change of layout that silently
 * breaks files of version 2 fails here; a deliberate one bumps the layout version and adds files of the new one.
 * Files of version 1 (whose stream layout is the same: version 2 changed topics only) are refused, since one layout
 * version covers every kind of channel file.
 */
class StreamFormatCompatibilityTest {
    private static final String CONNECTION = ConnectionName.of(StreamFormatFileGenerator.NAME, 1);

    @TempDir
    Path dir;
    private ByteBuffer listener;
    private ByteBuffer connection;

    @BeforeEach
    void copyTheCheckedInFiles() throws IOException {
        listener = copy("/format/stream-listener-v2.bin", StreamFormatFileGenerator.NAME);
        connection = copy("/format/stream-connection-v2.bin", CONNECTION);
    }

    private ByteBuffer copy(final String resource, final String name) throws IOException {
        try (InputStream in = StreamFormatCompatibilityTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            final byte[] content = in.readAllBytes();
            Files.write(dir.resolve(name), content);
            return ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    @Test
    void shouldHaveTheVersionTwoLayoutAtTheDocumentedOffsets() {
        assertThat(listener.getInt(8)).as("layout version").isEqualTo(2);
        assertThat(connection.getInt(8)).as("layout version").isEqualTo(2);
        assertThat(listener.getInt(12)).as("kind").isEqualTo(2);
        assertThat(listener.getLong(24)).as("file length").isEqualTo(8192).isEqualTo(listener.capacity());
        assertThat(listener.getLong(320)).as("capacity").isEqualTo(4096);
        assertThat(listener.getLong(328)).as("liveness timeout").isEqualTo(5_000_000_000L);
        assertThat(listener.getInt(336)).as("backlog").isEqualTo(1);
        assertThat(listener.getLong(344)).as("slots offset").isEqualTo(4608);
        assertThat(listener.getLong(4096)).as("listener state").isEqualTo(1);
        assertThat(listener.getLong(4104)).as("listener heartbeat").isZero();
        assertThat(listener.getLong(4224)).as("next id").isEqualTo(2);
        assertThat(listener.getLong(4608)).as("accept slot 0").isZero();

        assertThat(connection.getInt(12)).as("kind").isEqualTo(3);
        assertThat(connection.getLong(24)).as("file length").isEqualTo(16384).isEqualTo(connection.capacity());
        assertThat(connection.getLong(320)).as("capacity").isEqualTo(4096);
        assertThat(connection.getLong(336)).as("id").isEqualTo(1);
        assertThat(connection.getLong(344)).as("connector's ring").isEqualTo(8192);
        assertThat(connection.getLong(352)).as("acceptor's ring").isEqualTo(12288);
        assertThat(connection.getLong(4096)).as("connector state").isEqualTo(1);
        assertThat(connection.getLong(4224)).as("acceptor state").isEqualTo(1);
        assertThat(connection.getLong(4352)).as("connector's write position").isEqualTo(5);
        assertThat(connection.getInt(4360)).as("connector's end of stream").isEqualTo(1);
        assertThat(connection.getLong(4480)).as("acceptor's read position").isEqualTo(2);
        assertThat(connection.getLong(5120)).as("acceptor's write position").isEqualTo(300);
        assertThat(connection.get(8192)).isEqualTo((byte)'h');
        assertThat(connection.get(12288 + 299)).isEqualTo((byte)43);
    }

    @Test
    void shouldInspectVersionTwoFilesWithTheCurrentCode() {
        assertThat(ChannelHeader.read(dir.resolve(CONNECTION)).kind()).isEqualTo(ChannelKind.STREAM_CONNECTION);
        final ListenerStatus listening = ListenerStatus.read(dir, StreamFormatFileGenerator.NAME);
        assertThat(listening.capacity()).isEqualTo(4096);
        assertThat(listening.backlog()).isEqualTo(1);
        assertThat(listening.connections()).containsExactly(CONNECTION);
        final ConnectionStatus status = ConnectionStatus.read(dir, CONNECTION);
        assertThat(status.toAcceptor()).isEqualTo(new ConnectionStatus.Direction(5, 2, true, 0));
        assertThat(status.toConnector()).isEqualTo(new ConnectionStatus.Direction(300, 0, false, 0));
        assertThat(status.connector().state()).isEqualTo(ConnectionStatus.EndState.OPEN);
        assertThat(status.inUse()).isFalse();
        assertThat(listening.alive()).isFalse();
    }

    @Test
    void shouldReplaceTheDeadListenerOfAVersionTwoFileAndRemoveItsConnection() throws Exception {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             StreamListener replacement = shimmy.listen(StreamFormatFileGenerator.NAME);
             Pair pair = Pair.open(shimmy, replacement, new StreamConfig())) {
            assertThat(pair.connector().name()).isEqualTo(CONNECTION);
            assertThat(pair.connector().capacity()).isEqualTo(StreamConfig.DEFAULT_CAPACITY);
        }
    }

    @Test
    void shouldRefuseVersionOneFilesSayingWhatToDo() throws IOException {
        copy("/format/stream-listener-v1.bin", "format-v1");
        copy("/format/stream-connection-v1.bin", ConnectionName.of("format-v1", 1));

        assertThatThrownBy(() -> ListenerStatus.read(dir, "format-v1"))
            .isInstanceOf(CorruptChannelException.class)
            .hasMessageContaining("has layout version 1 but this Shimmy reads version 2");
        assertThatThrownBy(() -> ConnectionStatus.read(dir, ConnectionName.of("format-v1", 1)))
            .isInstanceOf(CorruptChannelException.class)
            .hasMessageContaining("has layout version 1 but this Shimmy reads version 2");
    }
}
