package io.shimmy;

import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Misuse of the public API: invalid names and options, and options that contradict an existing topic. Each is
 * refused with an exception that says what was wrong, and leaves the channel directory as it was.
 */
class InvalidInputTest {
    @TempDir
    Path root;
    private Path dir;
    private Shimmy shimmy;

    @BeforeEach
    void open() {
        dir = root.resolve("channels");
        shimmy = Shimmy.open(new ShimmyContext().dir(dir));
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private void assertNothingCreated() throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        }
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).allMatch(path -> path.equals(dir));
        }
    }

    static Stream<Arguments> invalidNames() {
        return Stream.of(
            Arguments.of("", "empty"),
            Arguments.of("n".repeat(201), "201 characters"),
            Arguments.of(".hidden", "starts with '.'"),
            Arguments.of("a/b", "'/'"),
            Arguments.of("../escape", "starts with '.'"),
            Arguments.of("x/../../escape", "'/'"),
            Arguments.of("with space", "U+0020"),
            Arguments.of("prix-€", "U+20AC"),
            Arguments.of("naïve", "U+00EF"));
    }

    @ParameterizedTest
    @MethodSource("invalidNames")
    void shouldRejectInvalidNamesWithoutTouchingTheDirectory(final String name, final String problem)
        throws IOException {
        assertThatThrownBy(() -> shimmy.publication(name))
            .isInstanceOf(InvalidNameException.class).hasMessageContaining(problem);
        assertThatThrownBy(() -> shimmy.subscription(name))
            .isInstanceOf(InvalidNameException.class).hasMessageContaining(problem);
        assertThatThrownBy(() -> shimmy.subscription(name, new TopicConfig(), new SubscriptionConfig()))
            .isInstanceOf(InvalidNameException.class).hasMessageContaining(problem);
        assertNothingCreated();
    }

    @Test
    void shouldAcceptTheLongestValidName() {
        final String name = "n".repeat(200);

        final Publication publication = shimmy.publication(name, new TopicConfig().capacity(4096));

        assertThat(publication.topic()).isEqualTo(name);
        assertThat(shimmy.subscription(name).topic()).isEqualTo(name);
    }

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
            Arguments.of(new TopicConfig().capacity(3000), "capacity 3000 is not a power of two"),
            Arguments.of(new TopicConfig().capacity(2048), "capacity 2048"),
            Arguments.of(new TopicConfig().capacity(0), "capacity 0"),
            Arguments.of(new TopicConfig().capacity(1 << 31), "capacity -2147483648"),
            Arguments.of(new TopicConfig().capacity(Integer.MAX_VALUE), "capacity 2147483647"),
            Arguments.of(new TopicConfig().capacity(4096).maxMessageLength(513),
                "max message length 513 must be from 1 to capacity/8 = 512"),
            Arguments.of(new TopicConfig().capacity(4096).maxMessageLength(0), "max message length 0"),
            Arguments.of(new TopicConfig().maxPublishers(0), "max publishers 0"),
            Arguments.of(new TopicConfig().maxPublishers(256), "max publishers 256"),
            Arguments.of(new TopicConfig().maxSubscribers(0), "max subscribers 0"),
            Arguments.of(new TopicConfig().maxSubscribers(4097), "max subscribers 4097"),
            Arguments.of(new TopicConfig().livenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(1)), "liveness timeout"),
            Arguments.of(new TopicConfig().livenessTimeoutNs(TimeUnit.DAYS.toNanos(2)), "liveness timeout"),
            Arguments.of(new TopicConfig().unblockTimeoutNs(TimeUnit.MILLISECONDS.toNanos(9)), "unblock timeout"));
    }

    @ParameterizedTest
    @MethodSource("invalidOptions")
    void shouldRejectInvalidTopicOptionsWithoutCreatingAFile(final TopicConfig config, final String problem)
        throws IOException {
        assertThatThrownBy(() -> shimmy.publication("options", config))
            .isInstanceOf(InvalidConfigurationException.class)
            .hasMessageContaining("topic 'options'")
            .hasMessageContaining(problem);
        assertThatThrownBy(() -> shimmy.subscription("options", config, new SubscriptionConfig()))
            .isInstanceOf(InvalidConfigurationException.class);
        assertNothingCreated();
    }

    @Test
    void shouldSuggestACapacityThatFitsTheMessages() {
        assertThatThrownBy(() -> shimmy.publication("big", new TopicConfig().capacity(32768).maxMessageLength(5000)))
            .hasMessageContaining("raise the capacity to at least 65536");
    }

    static Stream<Arguments> incompatibleOptions() {
        return Stream.of(
            Arguments.of(new TopicConfig().capacity(128 * 1024), "capacity 64k but opened asking 128k"),
            Arguments.of(new TopicConfig().maxMessageLength(1000),
                "max message length 8k but opened asking 1000"),
            Arguments.of(new TopicConfig().lossy(true), "delivery reliable but opened asking lossy"),
            Arguments.of(new TopicConfig().livenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300)),
                "liveness timeout 5000 ms but opened asking 300 ms"));
    }

    @ParameterizedTest
    @MethodSource("incompatibleOptions")
    void shouldRefuseToOpenATopicWithOtherOptionsNamingBothValues(final TopicConfig config, final String values) {
        shimmy.publication("existing", new TopicConfig().capacity(64 * 1024));

        assertThatThrownBy(() -> shimmy.publication("existing", config))
            .isInstanceOf(IncompatibleChannelException.class)
            .hasMessageContaining("topic 'existing' was created with " + values);
        assertThatThrownBy(() -> shimmy.subscription("existing", config, new SubscriptionConfig()))
            .isInstanceOf(IncompatibleChannelException.class)
            .hasMessageContaining(values);
    }

    @Test
    void shouldOpenATopicWithMatchingOrUnsetOptions() {
        shimmy.publication("same", new TopicConfig().capacity(8192).lossy(true));

        assertThat(shimmy.publication("same").lossy()).isTrue();
        assertThat(shimmy.publication("same", new TopicConfig().capacity(8192).lossy(true)).lossy()).isTrue();
        assertThat(shimmy.subscription("same", new TopicConfig().maxMessageLength(1024), new SubscriptionConfig())
            .topic()).isEqualTo("same");
    }

    @Test
    void shouldRefuseToSubscribeToATopicThatDoesNotExist() throws IOException {
        assertThatThrownBy(() -> shimmy.subscription("missing"))
            .isInstanceOf(ChannelNotFoundException.class)
            .hasMessageContaining("no topic 'missing'")
            .hasMessageContaining("SHIMMY_DIR");
        assertNothingCreated();
    }

    @Test
    void shouldRejectSubscriberNamesThatDoNotFitTheSlot() {
        assertThatThrownBy(() -> new SubscriptionConfig().name("n".repeat(61)))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("60 US-ASCII");
        assertThatThrownBy(() -> new SubscriptionConfig().name("café"))
            .isInstanceOf(InvalidConfigurationException.class);
        assertThat(new SubscriptionConfig().name("n".repeat(60)).name()).hasSize(60);
    }

    @Test
    void shouldRefuseToOpenAnythingOnceClosed() {
        shimmy.close();

        assertThatThrownBy(() -> shimmy.publication("late"))
            .isInstanceOf(ShimmyException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> shimmy.subscription("late"))
            .isInstanceOf(ShimmyException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldCloseEverythingItOpened() {
        final Publication publication = shimmy.publication("owned", new TopicConfig().capacity(4096));
        final Subscription subscription = shimmy.subscription("owned");

        shimmy.close();

        assertThat(publication.isClosed()).isTrue();
        assertThat(subscription.isClosed()).isTrue();
        assertThat(publication.offer(new byte[1], 0, 1)).isEqualTo(Publication.CLOSED);
    }
}
