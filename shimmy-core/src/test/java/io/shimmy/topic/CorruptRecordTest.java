package io.shimmy.topic;

import io.shimmy.ChannelDirectory;
import io.shimmy.Shimmy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.shimmy.topic.RecordDescriptor.LENGTH_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record header that no publisher writes, in a part of the ring that flow control protects, marks the topic failed
 * instead of being delivered or crashing anything.
 */
class CorruptRecordTest {
    private static final String TOPIC = "corrupt";

    @TempDir
    Path dir;
    private Shimmy shimmy;
    private Publication publication;
    private Subscription subscription;
    private TopicFile raw;

    @BeforeEach
    void open() {
        shimmy = Topics.shimmy(dir);
        publication = shimmy.publication(TOPIC, new TopicConfig().capacity(4096));
        subscription = shimmy.subscription(TOPIC);
        raw = Topics.raw(dir, TOPIC);
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private void corruptLength(final long position, final int length) {
        raw.buffer().putInt(Topics.recordIndex(raw, position) + LENGTH_OFFSET, length);
    }

    private void assertFailed(final String what) {
        final MessageHandler none = (buffer, offset, length) -> {
            throw new AssertionError("delivered a message of length " + length + " from a corrupt record");
        };
        assertThat(subscription.poll(none, 10)).isEqualTo(Subscription.CHANNEL_FAILED);
        assertThat(subscription.poll(none, 10)).isEqualTo(Subscription.CHANNEL_FAILED);
        assertThat(raw.errorLog().failed()).isTrue();
        final TopicStatus status = TopicStatus.read(dir, TOPIC);
        assertThat(status.failed()).isTrue();
        assertThat(status.errors()).anyMatch(entry -> entry.text().contains(what));
        assertThat(ChannelDirectory.list(dir)).singleElement()
            .satisfies(entry -> assertThat(entry.problem()).contains("marked failed"));
    }

    @Test
    void shouldMarkTheTopicFailedOnAMessageLongerThanTheMaximum() {
        publication.offer(new byte[10], 0, 10);
        corruptLength(0, publication.maxMessageLength() + 1);

        assertFailed("a message of length " + (publication.maxMessageLength() + 1));
    }

    @Test
    void shouldMarkTheTopicFailedOnANegativeMessageLength() {
        publication.offer(new byte[10], 0, 10);
        corruptLength(0, -7);

        assertFailed("a message of length -7");
    }

    @Test
    void shouldMarkTheTopicFailedOnAMessageCrossingTheEndOfTheRing() {
        for (int i = 0; i < 31; i++) {
            publication.offer(new byte[100], 0, 100);
        }
        assertThat(Topics.drain(subscription)).hasSize(31);
        publication.offer(new byte[10], 0, 10);
        corruptLength(31 * 128, 500);

        assertFailed("a message of length 500");
    }

    @Test
    void shouldMarkTheTopicFailedOnPaddingOfImpossibleLength() {
        final BufferClaim claim = new BufferClaim();
        publication.tryClaim(10, claim);
        claim.abort();
        corruptLength(0, publication.maxMessageLength() + 1);

        assertFailed("padding of length " + (publication.maxMessageLength() + 1));
    }

    @Test
    void shouldMarkTheTopicFailedOnATailThatIsNotARecordStartInsteadOfAccessingItMisaligned() {
        publication.offer(new byte[10], 0, 10);
        raw.buffer().putLongVolatile(TopicDescriptor.TAIL_OFFSET, 32 + 9);
        final Subscription joiner = shimmy.subscription(TOPIC);

        assertThat(publication.offer(new byte[10], 0, 10)).isEqualTo(Publication.CHANNEL_FAILED);
        assertThat(joiner.poll((buffer, offset, length) -> { }, 10)).isEqualTo(Subscription.CHANNEL_FAILED);
        assertThat(raw.errorLog().failed()).isTrue();
        assertThat(TopicStatus.read(dir, TOPIC).errors())
            .anyMatch(entry -> entry.text().contains("a tail of 41, which is not a record start"));
    }

    @Test
    void shouldTellOtherSubscribersThatTheTopicFailed() {
        final Subscription other = shimmy.subscription(TOPIC);
        publication.offer(new byte[10], 0, 10);
        corruptLength(0, -1);
        assertThat(subscription.poll((buffer, offset, length) -> { }, 10)).isEqualTo(Subscription.CHANNEL_FAILED);

        int result = 0;
        for (int i = 0; i < 1000 && result == 0; i++) {
            result = other.poll((buffer, offset, length) -> { }, 10);
        }
        assertThat(result).isEqualTo(Subscription.CHANNEL_FAILED);
    }
}
