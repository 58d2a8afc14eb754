package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.buffer.SharedBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.shimmy.topic.RecordDescriptor.HEADER_LENGTH;
import static io.shimmy.topic.RecordDescriptor.SESSION_OFFSET;
import static io.shimmy.topic.RecordDescriptor.TYPE_DATA;
import static io.shimmy.topic.RecordDescriptor.TYPE_PADDING;
import static io.shimmy.topic.RecordDescriptor.alignedLength;
import static io.shimmy.topic.RecordDescriptor.session;
import static io.shimmy.topic.RecordDescriptor.stamp;
import static io.shimmy.topic.TopicDescriptor.PUBLISHERS_OFFSET;
import static io.shimmy.topic.TopicDescriptor.PUB_BYTES_OFFSET;
import static io.shimmy.topic.TopicDescriptor.PUB_MESSAGES_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublicationTest {
    private static final String TOPIC = "pub";

    @TempDir
    Path dir;
    private Shimmy shimmy;
    private TopicFile raw;

    @BeforeEach
    void open() {
        shimmy = Topics.shimmy(dir);
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private Publication publication(final TopicConfig config) {
        final Publication publication = shimmy.publication(TOPIC, config);
        raw = Topics.raw(dir, TOPIC);
        return publication;
    }

    @Test
    void shouldWriteStampLengthSessionAndPayloadOfACommittedRecord() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);

        final long first = publication.offer(hello, 0, hello.length);
        final long second = publication.offer(hello, 1, 3);

        assertThat(first).isEqualTo(alignedLength(5)).isEqualTo(32);
        assertThat(second).isEqualTo(64);
        assertThat(Topics.stampAt(raw, 0)).isEqualTo(stamp(0, TYPE_DATA));
        assertThat(Topics.lengthAt(raw, 0)).isEqualTo(5);
        assertThat(raw.buffer().getInt(Topics.recordIndex(raw, 0) + SESSION_OFFSET)).isEqualTo(session(0, 0));
        assertThat(raw.buffer().getStringAscii(Topics.recordIndex(raw, 0) + HEADER_LENGTH, 5)).isEqualTo("hello");
        assertThat(Topics.stampAt(raw, 32)).isEqualTo(stamp(32, TYPE_DATA));
        assertThat(raw.buffer().getInt(Topics.recordIndex(raw, 32) + SESSION_OFFSET)).isEqualTo(session(0, 1));
        assertThat(raw.buffer().getStringAscii(Topics.recordIndex(raw, 32) + HEADER_LENGTH, 3)).isEqualTo("ell");
        assertThat(raw.tail()).isEqualTo(64).isEqualTo(publication.position());
        assertThat(raw.buffer().getLongVolatile(PUBLISHERS_OFFSET + PUB_MESSAGES_OFFSET)).isEqualTo(2);
        assertThat(raw.buffer().getLongVolatile(PUBLISHERS_OFFSET + PUB_BYTES_OFFSET)).isEqualTo(8);
    }

    @Test
    void shouldPublishFromArraysByteBuffersAndSharedBuffers() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final Subscription subscription = shimmy.subscription(TOPIC);
        final ByteBuffer direct = ByteBuffer.allocateDirect(16);
        direct.put(0, "byte-buffer".getBytes(StandardCharsets.US_ASCII)).position(3).limit(12);
        final SharedBuffer shared = SharedBuffer.wrap("..shared..".getBytes(StandardCharsets.US_ASCII));

        assertThat(publication.offer("array".getBytes(StandardCharsets.US_ASCII), 0, 5)).isPositive();
        assertThat(publication.offer(direct, 0, 11)).isPositive();
        assertThat(publication.offer(shared, 2, 6)).isPositive();

        assertThat(direct.position()).isEqualTo(3);
        assertThat(direct.limit()).isEqualTo(12);
        assertThat(Topics.drain(subscription)).extracting(b -> new String(b, StandardCharsets.US_ASCII))
            .containsExactly("array", "byte-buffer", "shared");
    }

    @Test
    void shouldRejectMessageLargerThanMaxLength() {
        final Publication publication = publication(new TopicConfig().capacity(4096).maxMessageLength(100));
        final byte[] big = new byte[101];

        assertThat(publication.maxMessageLength()).isEqualTo(100);
        assertThat(publication.offer(big, 0, 101)).isEqualTo(Publication.MESSAGE_TOO_LARGE);
        assertThat(publication.offer(big, 0, -1)).isEqualTo(Publication.MESSAGE_TOO_LARGE);
        assertThat(publication.tryClaim(101, new BufferClaim())).isEqualTo(Publication.MESSAGE_TOO_LARGE);
        assertThat(publication.offer(big, 0, 100)).isPositive();
        assertThat(raw.tail()).isEqualTo(alignedLength(100));
    }

    @Test
    void shouldAcceptEmptyMessages() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final Subscription subscription = shimmy.subscription(TOPIC);

        assertThat(publication.offer(new byte[0], 0, 0)).isEqualTo(32);

        assertThat(Topics.drain(subscription)).hasSize(1).allMatch(bytes -> bytes.length == 0);
    }

    @Test
    void shouldNotLeaveAnAbandonedClaimWhenTheSourceRangeIsOutOfBounds() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final Subscription subscription = shimmy.subscription(TOPIC);
        final ByteBuffer limited = ByteBuffer.allocate(64).limit(5);

        assertThatThrownBy(() -> publication.offer(new byte[5], 0, 11))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> publication.offer(new byte[5], -1, 2))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> publication.offer(limited, 0, 11))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> publication.offer(SharedBuffer.allocateDirect(8), 4, 5))
            .isInstanceOf(IndexOutOfBoundsException.class);
        publication.offer(Topics.pattern(3, 7), 0, 3);

        assertThat(Topics.drain(subscription)).containsExactly(Topics.pattern(3, 7));
    }

    @Test
    void shouldReturnClosedAfterClose() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        publication.close();
        publication.close();

        assertThat(publication.isClosed()).isTrue();
        assertThat(publication.offer(new byte[1], 0, 1)).isEqualTo(Publication.CLOSED);
        assertThat(publication.tryClaim(1, new BufferClaim())).isEqualTo(Publication.CLOSED);
    }

    @Test
    void shouldPadToTheEndOfTheRingWhenAMessageWouldCrossIt() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final Subscription subscription = shimmy.subscription(TOPIC);
        for (int i = 0; i < 31; i++) {
            assertThat(publication.offer(Topics.pattern(100, i), 0, 100)).isEqualTo((i + 1) * 128L);
        }
        final List<byte[]> messages = Topics.drain(subscription);

        final long end = publication.offer(Topics.pattern(200, 31), 0, 200);

        assertThat(end).isEqualTo(4096 + alignedLength(200));
        assertThat(Topics.stampAt(raw, 31 * 128)).isEqualTo(stamp(31 * 128, TYPE_PADDING));
        assertThat(Topics.lengthAt(raw, 31 * 128)).isEqualTo(128);
        assertThat(Topics.stampAt(raw, 4096)).isEqualTo(stamp(4096, TYPE_DATA));
        messages.addAll(Topics.drain(subscription));
        assertThat(messages).hasSize(32);
        for (int i = 0; i < 31; i++) {
            assertThat(messages.get(i)).isEqualTo(Topics.pattern(100, i));
        }
        assertThat(messages.get(31)).isEqualTo(Topics.pattern(200, 31));
        assertThat(subscription.position()).isEqualTo(end);
    }

    @Test
    void shouldNotDeliverAClaimedRecordBeforeItIsCommitted() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final Subscription subscription = shimmy.subscription(TOPIC);
        final BufferClaim claim = new BufferClaim();

        final long end = publication.tryClaim(8, claim);
        claim.buffer().putLong(claim.offset(), 0x1122334455667788L);

        assertThat(end).isEqualTo(32);
        assertThat(claim.length()).isEqualTo(8);
        assertThat(Topics.stampAt(raw, 0)).as("still the stale word of an earlier lap").isZero();
        assertThat(Topics.drain(subscription)).isEmpty();

        assertThat(claim.commit()).isEqualTo(32);

        assertThat(Topics.stampAt(raw, 0)).isEqualTo(stamp(0, TYPE_DATA));
        final List<byte[]> messages = Topics.drain(subscription);
        assertThat(messages).hasSize(1);
        assertThat(ByteBuffer.wrap(messages.get(0)).order(ByteOrder.LITTLE_ENDIAN).getLong())
            .isEqualTo(0x1122334455667788L);
        assertThat(claim.commit()).isEqualTo(Publication.CLOSED);
    }

    @Test
    void shouldLetSubscribersSkipAnAbortedClaim() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final Subscription subscription = shimmy.subscription(TOPIC);
        final BufferClaim claim = new BufferClaim();

        publication.tryClaim(40, claim);
        claim.buffer().putBytes(claim.offset(), Topics.pattern(40, 1), 0, 40);
        claim.abort();
        claim.abort();
        publication.offer(Topics.pattern(10, 2), 0, 10);

        assertThat(Topics.stampAt(raw, 0)).isEqualTo(stamp(0, TYPE_PADDING));
        assertThat(Topics.lengthAt(raw, 0)).isEqualTo(alignedLength(40));
        assertThat(Topics.drain(subscription)).containsExactly(Topics.pattern(10, 2));
        assertThat(claim.commit()).isEqualTo(Publication.CLOSED);
    }

    @Test
    void shouldBePressuredBackWhenAReliableSubscriberLagsAFullRingAndProgressAfterItPolls() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final Subscription subscription = shimmy.subscription(TOPIC);
        final byte[] message = new byte[100];
        int published = 0;
        long result;
        while ((result = publication.offer(message, 0, message.length)) > 0) {
            published++;
        }

        assertThat(result).isEqualTo(Publication.BACK_PRESSURED);
        assertThat(published).isEqualTo(32);
        assertThat(raw.tail()).isEqualTo(4096);
        assertThat(publication.offer(message, 0, message.length)).isEqualTo(Publication.BACK_PRESSURED);

        assertThat(subscription.poll((buffer, offset, length) -> { }, 2)).isEqualTo(2);

        assertThat(publication.offer(message, 0, message.length)).isPositive();
        assertThat(publication.offer(message, 0, message.length)).isPositive();
        assertThat(publication.offer(message, 0, message.length)).isEqualTo(Publication.BACK_PRESSURED);
        assertThat(TopicStatus.of(raw).backPressureEvents()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldNeverBePressuredBackWithoutSubscribers() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final byte[] message = new byte[100];

        for (int i = 0; i < 10 * 32; i++) {
            assertThat(publication.offer(message, 0, message.length)).isPositive();
        }
        assertThat(raw.tail()).isEqualTo(10 * 4096);
    }

    @Test
    void shouldClaimOverWhateverEarlierLapsLeftAtARecordStart() {
        final Publication publication = publication(new TopicConfig().capacity(4096));
        final Subscription subscription = shimmy.subscription(TOPIC);
        final int[] lengths = {16, 16, 48, 16, 100, 0, 16, 48};
        long seed = 0;
        for (int lap = 0; lap < 40; lap++) {
            final int length = lengths[lap % lengths.length];
            final int count = 4096 / alignedLength(length);
            for (int i = 0; i < count; i++) {
                assertThat(publication.offer(Topics.pattern(length, seed + i), 0, length)).isPositive();
            }
            final List<byte[]> received = Topics.drain(subscription);
            assertThat(received).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(received.get(i)).isEqualTo(Topics.pattern(length, seed + i));
            }
            seed += count;
        }
        assertThat(raw.buffer().getLongVolatile(PUBLISHERS_OFFSET + PUB_MESSAGES_OFFSET)).isEqualTo(seed);
    }

    @Test
    void shouldNeverBePressuredBackOnALossyTopic() {
        final Publication publication = publication(new TopicConfig().capacity(4096).lossy(true));
        final Subscription subscription = shimmy.subscription(TOPIC);
        final byte[] message = new byte[100];

        for (int i = 0; i < 10 * 32; i++) {
            assertThat(publication.offer(message, 0, message.length)).isPositive();
        }
        assertThat(publication.lossy()).isTrue();
        assertThat(subscription.position()).isZero();
    }

    @Test
    void shouldGiveConcurrentPublicationsTheirOwnSlotsAndSequences() {
        final Publication first = publication(new TopicConfig().capacity(4096));
        final Publication second = shimmy.publication(TOPIC);

        first.offer(new byte[1], 0, 1);
        second.offer(new byte[1], 0, 1);
        first.offer(new byte[1], 0, 1);

        assertThat(raw.buffer().getInt(Topics.recordIndex(raw, 0) + SESSION_OFFSET)).isEqualTo(session(0, 0));
        assertThat(raw.buffer().getInt(Topics.recordIndex(raw, 32) + SESSION_OFFSET)).isEqualTo(session(1, 0));
        assertThat(raw.buffer().getInt(Topics.recordIndex(raw, 64) + SESSION_OFFSET)).isEqualTo(session(0, 1));
        assertThat(TopicStatus.of(raw).publishers()).hasSize(2);
    }
}
