package io.shimmy;

import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicDescriptor;
import io.shimmy.topic.TopicStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static io.shimmy.FileContent.patchInt;
import static io.shimmy.FileContent.patchLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Files at a topic's name that are not a usable topic: every way of opening the name refuses them with a message
 * that says what is wrong, and none of them is ever written to.
 */
class BadChannelFileTest {
    private static final String NAME = "victim";

    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;
    private Shimmy shimmy;
    private byte[] valid;

    @BeforeEach
    void open() throws IOException {
        try (Shimmy creator = Shimmy.open(new ShimmyContext().dir(elsewhere))) {
            creator.publication(NAME, new TopicConfig().capacity(4096).maxPublishers(1).maxSubscribers(1))
                .offer(new byte[10], 0, 10);
        }
        valid = Files.readAllBytes(elsewhere.resolve(NAME));
        shimmy = Shimmy.open(new ShimmyContext().dir(dir));
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    static Stream<Arguments> badFiles() {
        final byte[] random = new byte[12288];
        new Random(42).nextBytes(random);
        return Stream.of(
            Arguments.of("random bytes", (FileContent)valid -> random, CorruptChannelException.class,
                "not a Shimmy channel"),
            Arguments.of("text", (FileContent)valid -> "hello, this is not a topic\n".getBytes(StandardCharsets.UTF_8),
                CorruptChannelException.class, "not a Shimmy channel"),
            Arguments.of("empty file", (FileContent)valid -> new byte[0], CorruptChannelException.class,
                "not a Shimmy channel"),
            Arguments.of("cut inside the header", (FileContent)valid -> Arrays.copyOf(valid, 100),
                CorruptChannelException.class, "truncated"),
            Arguments.of("cut inside the ring", (FileContent)valid -> Arrays.copyOf(valid, 10_000),
                CorruptChannelException.class, "is 10000 bytes but its header says 12288"),
            Arguments.of("longer than its header says", (FileContent)valid -> Arrays.copyOf(valid, 16384),
                CorruptChannelException.class, "is 16384 bytes but its header says 12288"),
            Arguments.of("file length field changed",
                patchLong(ChannelHeaderDescriptor.FILE_LENGTH_OFFSET, 8192), CorruptChannelException.class,
                "is 12288 bytes but its header says 8192"),
            Arguments.of("layout version 3", patchInt(ChannelHeaderDescriptor.LAYOUT_VERSION_OFFSET, 3),
                CorruptChannelException.class, "has layout version 3 but this Shimmy reads version 2"),
            Arguments.of("never ready", patchInt(ChannelHeaderDescriptor.READY_OFFSET, 0),
                CorruptChannelException.class, "never completely initialised"),
            Arguments.of("kind stream", patchInt(ChannelHeaderDescriptor.KIND_OFFSET, 2),
                IncompatibleChannelException.class, "is a stream, not a topic"),
            Arguments.of("unknown kind", patchInt(ChannelHeaderDescriptor.KIND_OFFSET, 99),
                CorruptChannelException.class, "unknown kind 99"),
            Arguments.of("other header length", patchInt(ChannelHeaderDescriptor.HEADER_LENGTH_OFFSET, 256),
                CorruptChannelException.class, "declares a header of 256 bytes"),
            Arguments.of("renamed copy of another topic", patchInt(ChannelHeaderDescriptor.NAME_LENGTH_OFFSET, 3),
                CorruptChannelException.class, "under another name"),
            Arguments.of("capacity not a power of two", patchLong(TopicDescriptor.CAPACITY_OFFSET, 3000),
                CorruptChannelException.class, "impossible parameters"),
            Arguments.of("ring offset moved", patchLong(TopicDescriptor.RING_OFFSET_OFFSET, 4096),
                CorruptChannelException.class, "layout that contradicts its parameters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void shouldRefuseABadFileAtTheNameAndLeaveItUntouched(final String what, final FileContent content,
        final Class<? extends ShimmyException> refusal, final String message) throws IOException {
        final Path file = Files.write(dir.resolve(NAME), content.of(valid));
        final byte[] before = Files.readAllBytes(file);
        final FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, modified);

        assertThatThrownBy(() -> shimmy.publication(NAME)).isInstanceOf(refusal).hasMessageContaining(message)
            .hasMessageContaining(NAME);
        assertThatThrownBy(() -> shimmy.subscription(NAME)).isInstanceOf(refusal).hasMessageContaining(message);
        assertThatThrownBy(() -> shimmy.subscription(NAME, new TopicConfig(), new SubscriptionConfig()))
            .isInstanceOf(refusal);
        assertThatThrownBy(() -> TopicStatus.read(dir, NAME)).isInstanceOf(refusal);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        if (refusal == CorruptChannelException.class) {
            assertThat(ChannelDirectory.list(dir)).singleElement()
                .satisfies(entry -> assertThat(entry.problem()).contains(message));
        }
    }

    @Test
    void shouldOpenAnUntouchedCopy() throws IOException {
        Files.write(dir.resolve(NAME), valid);

        assertThat(shimmy.subscription(NAME, new SubscriptionConfig().start(StartPosition.EARLIEST))
            .poll((buffer, offset, length) -> assertThat(length).isEqualTo(10), 10)).isEqualTo(1);
    }

    @Test
    void shouldRefuseASymbolicLinkAtTheNameAndLeaveItsTargetUntouched() throws IOException {
        final Path target = elsewhere.resolve(NAME);
        final FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(target, modified);
        final Path link = Files.createSymbolicLink(dir.resolve(NAME), target);

        assertThatThrownBy(() -> shimmy.publication(NAME)).isInstanceOf(CorruptChannelException.class)
            .hasMessageContaining("not a regular file").hasMessageContaining("does not follow links")
            .hasMessageContaining("move it out of the channel directory").hasMessageNotContaining("rm ");
        assertThatThrownBy(() -> shimmy.subscription(NAME)).isInstanceOf(CorruptChannelException.class);
        assertThatThrownBy(() -> shimmy.subscription(NAME, new TopicConfig(), new SubscriptionConfig()))
            .isInstanceOf(CorruptChannelException.class);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAllBytes(target)).isEqualTo(valid);
        assertThat(Files.getLastModifiedTime(target)).isEqualTo(modified);
        assertThat(ChannelDirectory.clean(dir, false)).isEmpty();
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void shouldRefuseADanglingSymbolicLinkAndCreateNothingThroughIt() throws IOException {
        final Path target = elsewhere.resolve("not-yet");
        Files.createSymbolicLink(dir.resolve(NAME), target);

        assertThatThrownBy(() -> shimmy.publication(NAME, new TopicConfig().capacity(4096)))
            .isInstanceOf(CorruptChannelException.class).hasMessageContaining("not a regular file");

        assertThat(target).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve(NAME));
        }
    }

    @Test
    void shouldRefuseADirectoryAtTheName() throws IOException {
        Files.createDirectory(dir.resolve(NAME));

        assertThatThrownBy(() -> shimmy.publication(NAME)).isInstanceOf(CorruptChannelException.class)
            .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> shimmy.subscription(NAME)).isInstanceOf(CorruptChannelException.class);
    }
}
