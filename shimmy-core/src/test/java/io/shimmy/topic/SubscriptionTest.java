package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.ControlledMessageHandler.Action;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.shimmy.topic.RecordDescriptor.HEADER_LENGTH;
import static io.shimmy.topic.RecordDescriptor.LENGTH_OFFSET;
import static io.shimmy.topic.RecordDescriptor.SESSION_OFFSET;
import static io.shimmy.topic.RecordDescriptor.TYPE_DATA;
import static io.shimmy.topic.RecordDescriptor.TYPE_FENCE;
import static io.shimmy.topic.RecordDescriptor.TYPE_PADDING;
import static io.shimmy.topic.RecordDescriptor.session;
import static io.shimmy.topic.RecordDescriptor.stamp;
import static io.shimmy.topic.TopicDescriptor.SLOT_STATE_OFFSET;
import static io.shimmy.topic.TopicDescriptor.STATE_ACTIVE;
import static io.shimmy.topic.TopicDescriptor.STATE_EVICTED;
import static io.shimmy.topic.TopicDescriptor.nextState;
import static io.shimmy.topic.TopicDescriptor.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class SubscriptionTest {
    private static final String TOPIC = "sub";
    private static final int CAPACITY = 4096;

    @TempDir
    Path dir;
    private Shimmy shimmy;
    private Publication publication;
    private TopicFile raw;

    @BeforeEach
    void open() {
        shimmy = Topics.shimmy(dir);
        publication = shimmy.publication(TOPIC, new TopicConfig().capacity(CAPACITY));
        raw = Topics.raw(dir, TOPIC);
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private void offer(final byte[] message) {
        assertThat(publication.offer(message, 0, message.length)).isPositive();
    }

    private void writeRecord(final long position, final long stamp, final byte[] payload) {
        final SharedBuffer buffer = raw.buffer();
        final int index = Topics.recordIndex(raw, position);
        buffer.putInt(index + LENGTH_OFFSET, payload.length);
        buffer.putInt(index + SESSION_OFFSET, session(0, 0));
        buffer.putBytes(index + HEADER_LENGTH, payload, 0, payload.length);
        buffer.putLongRelease(index, stamp);
    }

    @Test
    void shouldNeverAcceptARecordStampedWithAnotherLap() {
        final Subscription subscription = shimmy.subscription(TOPIC);
        for (int i = 0; i < 3 * 32; i++) {
            offer(Topics.pattern(100, i));
            assertThat(Topics.drain(subscription)).hasSize(1);
        }
        final long position = subscription.position();
        assertThat(position).isEqualTo(3L * CAPACITY).isEqualTo(raw.tail());
        final byte[] stale = Topics.pattern(20, 99);
        final List<byte[]> received = new ArrayList<>();
        final MessageHandler handler = (buffer, offset, length) -> received.add(Topics.copy(buffer, offset, length));

        for (final long fake : new long[] {
            stamp(position - CAPACITY, TYPE_DATA), stamp(position - 2L * CAPACITY, TYPE_DATA),
            stamp(position + CAPACITY, TYPE_DATA), stamp(position - CAPACITY, TYPE_PADDING),
            stamp(position, TYPE_FENCE), stamp(position + 32, TYPE_DATA), 0}) {
            writeRecord(position, fake, stale);
            for (int i = 0; i < 200; i++) {
                assertThat(subscription.poll(handler, 10)).isZero();
            }
            assertThat(subscription.position()).isEqualTo(position);
        }

        assertThat(received).isEmpty();
        offer(Topics.pattern(30, 1000));
        assertThat(Topics.drain(subscription)).containsExactly(Topics.pattern(30, 1000));
    }

    @Test
    void shouldDeliverMessagesOfEveryLengthAcrossManyLaps() {
        final Subscription subscription = shimmy.subscription(TOPIC);
        final int max = publication.maxMessageLength();
        final List<byte[]> received = new ArrayList<>();
        final MessageHandler handler = (buffer, offset, length) -> received.add(Topics.copy(buffer, offset, length));
        long sequence = 0;
        for (int round = 0; round < 4; round++) {
            for (int length = 0; length <= max; length++) {
                final byte[] message = Topics.pattern(length, sequence++);
                while (publication.offer(message, 0, length) == Publication.BACK_PRESSURED) {
                    assertThat(subscription.poll(handler, 100)).isPositive();
                }
            }
        }
        received.addAll(Topics.drain(subscription));

        assertThat(max).isEqualTo(CAPACITY / 8);
        assertThat(raw.tail()).isGreaterThan(100L * CAPACITY);
        assertThat(received).hasSize((int)sequence);
        for (int i = 0; i < sequence; i++) {
            assertThat(received.get(i)).as("message %d", i).isEqualTo(Topics.pattern(i % (max + 1), i));
        }
        assertThat(subscription.messages()).isEqualTo(sequence);
        assertThat(subscription.lostMessages()).isZero();
        assertThat(subscription.lostBytes()).isZero();
    }

    @Test
    void shouldStartEarliestWithWhatTheRingHoldsAndLatestWithOnlyNewMessages() {
        for (int i = 0; i < 10; i++) {
            offer(Topics.pattern(50, i));
        }
        final Subscription earliest =
            shimmy.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.EARLIEST));
        final Subscription latest = shimmy.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.LATEST));

        final List<byte[]> old = Topics.drain(earliest);
        assertThat(Topics.drain(latest)).isEmpty();
        offer(Topics.pattern(50, 10));

        assertThat(old).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(old.get(i)).isEqualTo(Topics.pattern(50, i));
        }
        assertThat(Topics.drain(earliest)).containsExactly(Topics.pattern(50, 10));
        assertThat(Topics.drain(latest)).containsExactly(Topics.pattern(50, 10));
    }

    @Test
    void shouldStartEarliestAtTheOldestWholeMessageAfterManyLaps() {
        final byte[] message = new byte[100];
        for (int i = 0; i < 1000; i++) {
            TestMessages.encode(message, 1, i, message.length);
            offer(message);
        }
        final Subscription subscription =
            shimmy.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.EARLIEST));
        final MessageVerifier verifier = new MessageVerifier(CAPACITY, true);

        while (subscription.poll(verifier, 100) > 0) {
            continue;
        }

        assertThat(verifier.badChecksums()).as(verifier.summary()).isZero();
        assertThat(verifier.outOfOrder()).as(verifier.summary()).isZero();
        assertThat(verifier.gaps()).as(verifier.summary()).isZero();
        assertThat(verifier.next(1)).isEqualTo(1000);
        assertThat(verifier.count(1)).isBetween(31L, 32L);
        assertThat(subscription.lostBytes()).isZero();
    }

    @Test
    void shouldRedeliverAnAbortedMessageAndStopOnBreak() {
        final Subscription subscription = shimmy.subscription(TOPIC);
        for (int i = 0; i < 5; i++) {
            offer(Topics.pattern(8, i));
        }
        final List<byte[]> seen = new ArrayList<>();

        final int aborted = subscription.controlledPoll((buffer, offset, length) -> {
            seen.add(Topics.copy(buffer, offset, length));
            return Action.ABORT;
        }, 10);
        final int broken = subscription.controlledPoll((buffer, offset, length) -> {
            seen.add(Topics.copy(buffer, offset, length));
            return seen.size() == 3 ? Action.BREAK : Action.CONTINUE;
        }, 10);

        assertThat(aborted).isZero();
        assertThat(broken).isEqualTo(2);
        assertThat(seen).containsExactly(Topics.pattern(8, 0), Topics.pattern(8, 0), Topics.pattern(8, 1));
        assertThat(Topics.drain(subscription)).containsExactly(
            Topics.pattern(8, 2), Topics.pattern(8, 3), Topics.pattern(8, 4));
    }

    @Test
    void shouldDeliverNoMoreThanTheLimit() {
        final Subscription subscription = shimmy.subscription(TOPIC);
        for (int i = 0; i < 5; i++) {
            offer(Topics.pattern(8, i));
        }

        assertThat(subscription.poll((buffer, offset, length) -> { }, 3)).isEqualTo(3);
        assertThat(subscription.poll((buffer, offset, length) -> { }, 0)).isZero();
        assertThat(subscription.poll((buffer, offset, length) -> { }, 3)).isEqualTo(2);
        assertThat(subscription.messages()).isEqualTo(5);
    }

    @Test
    void shouldRejoinAtLatestAndCountTheLossAfterBeingEvicted() {
        final Subscription subscription = shimmy.subscription(TOPIC, new SubscriptionConfig().name("laggard"));
        offer(Topics.pattern(100, 0));
        assertThat(Topics.drain(subscription)).hasSize(1);
        final int slot = raw.subscribersOffset();
        final long word = raw.buffer().getLongVolatile(slot + SLOT_STATE_OFFSET);
        assertThat(state(word)).isEqualTo(STATE_ACTIVE);

        assertThat(raw.buffer().compareAndSetLong(slot + SLOT_STATE_OFFSET, word, nextState(word, STATE_EVICTED)))
            .isTrue();
        for (int i = 1; i <= 3 * 32; i++) {
            offer(Topics.pattern(100, i));
        }
        final long tail = raw.tail();
        final List<byte[]> afterEviction = Topics.drain(subscription);
        for (int i = 97; i < 100; i++) {
            offer(Topics.pattern(100, i));
        }
        final List<byte[]> afterRejoin = Topics.drain(subscription);

        assertThat(afterEviction).isEmpty();
        assertThat(afterRejoin).containsExactly(
            Topics.pattern(100, 97), Topics.pattern(100, 98), Topics.pattern(100, 99));
        assertThat(subscription.lostBytes()).isEqualTo(tail - 128);
        assertThat(subscription.lostMessages()).isEqualTo(96);
        assertThat(state(raw.buffer().getLongVolatile(slot + SLOT_STATE_OFFSET))).isEqualTo(STATE_ACTIVE);
        final TopicStatus status = TopicStatus.of(raw);
        assertThat(status.subscribers()).hasSize(1);
        assertThat(status.subscribers().get(0).name()).isEqualTo("laggard");
        assertThat(status.subscribers().get(0).evicted()).isFalse();
        assertThat(status.lostMessages()).isEqualTo(96);
        assertThat(status.errors()).anyMatch(entry -> entry.text().contains("rejoined at the latest position"));
    }

    /**
     * A subscriber whose process was frozen past the liveness timeout is evicted, and a new subscriber takes its slot
     * while it is still frozen. When it resumes, poll rejoins through {@code acquireSlot}, which throws
     * {@link io.shimmy.ChannelLimitException} if every slot is in use: an exception out of the hot path.
     */
    @Test
    void shouldNotThrowFromPollWhenAnEvictedSubscriberFindsNoSlotToRejoin() {
        shimmy.close();
        shimmy = Topics.shimmy(dir);
        shimmy.publication("full", new TopicConfig().capacity(CAPACITY).maxSubscribers(1));
        final Subscription frozen = shimmy.subscription("full");
        final TopicFile full = Topics.raw(dir, "full");
        final int slot = full.subscribersOffset();
        final long word = full.buffer().getLongVolatile(slot + SLOT_STATE_OFFSET);
        final long takenOver = nextState(nextState(word, STATE_EVICTED), STATE_ACTIVE);
        full.buffer().putLongVolatile(slot + SLOT_STATE_OFFSET, takenOver);

        assertThatCode(() -> {
            for (int i = 0; i < 200; i++) {
                frozen.poll((buffer, offset, length) -> { }, 10);
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void shouldHoldPublishersBackAgainAfterRejoining() {
        final Subscription subscription = shimmy.subscription(TOPIC);
        final int slot = raw.subscribersOffset();
        final long word = raw.buffer().getLongVolatile(slot + SLOT_STATE_OFFSET);
        raw.buffer().compareAndSetLong(slot + SLOT_STATE_OFFSET, word, nextState(word, STATE_EVICTED));
        for (int i = 0; i < 64; i++) {
            offer(new byte[100]);
        }
        assertThat(Topics.drain(subscription)).isEmpty();

        int published = 0;
        while (publication.offer(new byte[100], 0, 100) > 0) {
            published++;
        }

        assertThat(published).isEqualTo(32);
        assertThat(Topics.drain(subscription)).hasSize(32);
    }

    @Test
    void shouldReturnClosedAfterClose() {
        final Subscription subscription = shimmy.subscription(TOPIC);
        subscription.close();
        subscription.close();

        assertThat(subscription.isClosed()).isTrue();
        assertThat(subscription.poll((buffer, offset, length) -> { }, 10)).isEqualTo(Subscription.CLOSED);
        assertThat(TopicStatus.of(raw).subscribers()).isEmpty();
        for (int i = 0; i < 100; i++) {
            offer(new byte[100]);
        }
    }

    @Test
    void shouldReadIndependentlyOfOtherSubscriptions() {
        final Subscription fast = shimmy.subscription(TOPIC);
        final Subscription slow = shimmy.subscription(TOPIC);
        offer(Topics.pattern(10, 1));
        offer(Topics.pattern(10, 2));

        assertThat(Topics.drain(fast)).hasSize(2);
        assertThat(slow.poll((buffer, offset, length) -> { }, 1)).isEqualTo(1);
        assertThat(slow.position()).isLessThan(fast.position());
        assertThat(Topics.drain(slow)).containsExactly(Topics.pattern(10, 2));
        assertThat(slow.topic()).isEqualTo(TOPIC);
    }

    @Test
    @Timeout(60)
    void shouldNeverDeliverOverwrittenBytesWhenJoiningEarliestWhileTheRingLaps() throws InterruptedException {
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread publisher = new Thread(() -> {
            final Random random = new Random(3);
            final byte[] message = new byte[publication.maxMessageLength()];
            for (long sequence = 0; running.get(); sequence++) {
                final int length = TestMessages.MIN_LENGTH + random.nextInt(message.length - TestMessages.MIN_LENGTH);
                TestMessages.encode(message, 1, sequence, length);
                while (publication.offer(message, 0, length) < 0 && running.get()) {
                    Thread.yield();
                }
            }
        });
        publisher.start();
        long delivered = 0;
        try {
            for (int join = 0; join < 300; join++) {
                try (Subscription subscription =
                    shimmy.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.EARLIEST))) {
                    final MessageVerifier verifier = new MessageVerifier(CAPACITY, true);
                    for (int poll = 0; poll < 50; poll++) {
                        subscription.poll(verifier, 10);
                    }
                    assertThat(verifier.badChecksums()).as(verifier.summary()).isZero();
                    assertThat(verifier.outOfOrder()).as(verifier.summary()).isZero();
                    delivered += verifier.received();
                }
            }
        } finally {
            running.set(false);
            publisher.join();
        }
        assertThat(delivered).isPositive();
    }
}
