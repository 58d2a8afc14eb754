package io.shimmy.topic;

import io.shimmy.CorruptChannelException;
import io.shimmy.Shimmy;
import io.shimmy.region.ChannelHeader;
import io.shimmy.region.ChannelKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads {@code format/topic-v2.bin}, a topic file written by layout version 2 (see {@link FormatFileGenerator}),
 * with the current code. A change of layout that silently breaks files of version 2 fails here; a deliberate one
 * bumps the layout version, adds {@code topic-v3.bin}, and turns this test into one that checks that version 2
 * files are refused with a clear message, as it checks for {@code topic-v1.bin} (version 1 had no joined mark in
 * subscriber slots).
 */
class FormatCompatibilityTest {
    private static final String RESOURCE = "/format/topic-v2.bin";
    private static final String VERSION_ONE = "/format/topic-v1.bin";
    private static final int SUBSCRIBER_SLOT = 5248;

    @TempDir
    Path dir;
    private Path file;
    private ByteBuffer bytes;

    @BeforeEach
    void copyTheCheckedInFile() throws IOException {
        final byte[] content = resource(RESOURCE);
        bytes = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        file = Files.write(dir.resolve(FormatFileGenerator.NAME), content);
    }

    private static byte[] resource(final String name) throws IOException {
        try (InputStream in = FormatCompatibilityTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void shouldHaveTheVersionTwoLayoutAtTheDocumentedOffsets() {
        final byte[] magic = new byte[8];
        bytes.get(0, magic);

        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("SHIMMY\r\n");
        assertThat(bytes.getInt(8)).as("layout version").isEqualTo(2);
        assertThat(bytes.getInt(12)).as("kind").isEqualTo(1);
        assertThat(bytes.getInt(16)).as("ready").isEqualTo(0x52454459);
        assertThat(bytes.getInt(20)).as("header length").isEqualTo(512);
        assertThat(bytes.getLong(24)).as("file length").isEqualTo(12288).isEqualTo(bytes.capacity());
        assertThat(bytes.getInt(60)).as("name length").isEqualTo(9);
        assertThat(bytes.getLong(320)).as("capacity").isEqualTo(4096);
        assertThat(bytes.getInt(328)).as("max message length").isEqualTo(512);
        assertThat(bytes.getLong(384)).as("ring offset").isEqualTo(8192);
        assertThat(bytes.getLong(4096)).as("tail").isEqualTo(288);
        assertThat(bytes.getLong(8192)).as("first stamp").isEqualTo(0 | 1);
        assertThat(bytes.getInt(8200)).as("first length").isEqualTo(13);
        assertThat(bytes.getLong(8192 + 64)).as("third stamp").isEqualTo(64 | 1);
        assertThat(bytes.getInt(8192 + 64 + 8)).as("third length").isEqualTo(200);
        assertThat(bytes.getLong(376)).as("subscriber slots offset").isEqualTo(SUBSCRIBER_SLOT);
        final long word = bytes.getLong(SUBSCRIBER_SLOT);
        assertThat(word & 3).as("subscriber state").isEqualTo(1);
        assertThat(bytes.getLong(SUBSCRIBER_SLOT + 24)).as("subscriber position").isEqualTo(288);
        assertThat(bytes.getLong(SUBSCRIBER_SLOT + 32)).as("messages delivered").isEqualTo(3);
        assertThat(bytes.getInt(SUBSCRIBER_SLOT + 60)).as("joined mark").isEqualTo((int)word);
        assertThat(bytes.getInt(SUBSCRIBER_SLOT + 64)).as("subscriber name length").isEqualTo(6);
    }

    @Test
    void shouldOpenAVersionTwoFileWithTheCurrentCode() {
        final ChannelHeader header = ChannelHeader.read(file);
        final TopicStatus status = TopicStatus.read(dir, FormatFileGenerator.NAME);

        assertThat(header.kind()).isEqualTo(ChannelKind.TOPIC);
        assertThat(header.name()).isEqualTo(FormatFileGenerator.NAME);
        assertThat(header.fileLength()).isEqualTo(12288);
        assertThat(status.capacity()).isEqualTo(4096);
        assertThat(status.maxMessageLength()).isEqualTo(512);
        assertThat(status.lossy()).isFalse();
        assertThat(status.tail()).isEqualTo(288);
        assertThat(status.messages()).isEqualTo(3);
        assertThat(status.failed()).isFalse();
        assertThat(status.inUse()).isFalse();
        assertThat(status.subscribers()).singleElement().satisfies(subscriber -> {
            assertThat(subscriber.name()).isEqualTo(FormatFileGenerator.SUBSCRIBER);
            assertThat(subscriber.position()).isEqualTo(288);
            assertThat(subscriber.messages()).isEqualTo(3);
            assertThat(subscriber.joined()).isTrue();
            assertThat(subscriber.alive()).isFalse();
        });
    }

    @Test
    void shouldReadTheThreeMessagesOfAVersionTwoFileAndPublishMore() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Subscription subscription = shimmy.subscription(FormatFileGenerator.NAME,
                new SubscriptionConfig().start(StartPosition.EARLIEST));

            final List<byte[]> messages = Topics.drain(subscription);

            assertThat(messages).containsExactly(FormatFileGenerator.MESSAGES);
            final Publication publication = shimmy.publication(FormatFileGenerator.NAME,
                new TopicConfig().capacity(4096).maxMessageLength(512).lossy(false));
            assertThat(publication.offer(FormatFileGenerator.counting(3), 0, 3)).isEqualTo(320);
            assertThat(Topics.drain(subscription)).containsExactly(FormatFileGenerator.counting(3));
        }
    }

    @Test
    void shouldRefuseAVersionOneFileSayingWhatToDo() throws IOException {
        Files.write(dir.resolve("format-v1"), resource(VERSION_ONE));

        assertThatThrownBy(() -> TopicStatus.read(dir, "format-v1"))
            .isInstanceOf(CorruptChannelException.class)
            .hasMessageContaining("has layout version 1 but this Shimmy reads version 2")
            .hasMessageContaining("recreate the channel");
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            assertThatThrownBy(() -> shimmy.subscription("format-v1")).isInstanceOf(CorruptChannelException.class);
        }
    }
}
