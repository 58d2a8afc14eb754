package io.shimmy.topic;

import io.shimmy.Shimmy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.shimmy.topic.TopicDescriptor.SLOT_STATE_OFFSET;
import static io.shimmy.topic.TopicDescriptor.STATE_ACTIVE;
import static io.shimmy.topic.TopicDescriptor.STATE_EVICTED;
import static io.shimmy.topic.TopicDescriptor.nextState;
import static org.assertj.core.api.Assertions.assertThat;

class TopicStatusTest {
    @TempDir
    Path dir;

    @Test
    void shouldDescribeTheTopicAndEveryPartyInUse() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Publication publication = shimmy.publication("status", new TopicConfig().capacity(8192)
                .maxMessageLength(256).livenessTimeoutNs(TimeUnit.SECONDS.toNanos(3)));
            final Subscription reader = shimmy.subscription("status", new SubscriptionConfig().name("reader"));
            final Subscription idle = shimmy.subscription("status", new SubscriptionConfig().name("idle"));
            for (int i = 0; i < 4; i++) {
                publication.offer(new byte[50], 0, 50);
            }
            assertThat(Topics.drain(reader)).hasSize(4);

            final TopicStatus status = TopicStatus.read(dir, "status");

            assertThat(status.name()).isEqualTo("status");
            assertThat(status.capacity()).isEqualTo(8192);
            assertThat(status.maxMessageLength()).isEqualTo(256);
            assertThat(status.lossy()).isFalse();
            assertThat(status.replica()).isFalse();
            assertThat(status.livenessTimeoutNs()).isEqualTo(TimeUnit.SECONDS.toNanos(3));
            assertThat(status.tail()).isEqualTo(4 * 96);
            assertThat(status.messages()).isEqualTo(4);
            assertThat(status.bytes()).isEqualTo(200);
            assertThat(status.failed()).isFalse();
            assertThat(status.errors()).isEmpty();
            assertThat(status.inUse()).isTrue();
            assertThat(status.publishers()).singleElement().satisfies(party -> {
                assertThat(party.alive()).isTrue();
                assertThat(party.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(party.messages()).isEqualTo(4);
                assertThat(party.bytes()).isEqualTo(200);
            });
            assertThat(status.subscribers()).extracting(TopicStatus.Party::name).containsExactly("reader", "idle");
            assertThat(status.subscribers().get(0).position()).isEqualTo(384);
            assertThat(status.subscribers().get(0).lag()).isZero();
            assertThat(status.subscribers().get(0).messages()).isEqualTo(4);
            assertThat(status.subscribers().get(1).position()).isZero();
            assertThat(status.subscribers().get(1).lag()).isEqualTo(384);
            assertThat(idle.position()).isZero();
        }
    }

    @Test
    void shouldKeepCountsOfPartiesThatLeft() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Publication first = shimmy.publication("retired", new TopicConfig().capacity(4096));
            for (int i = 0; i < 3; i++) {
                first.offer(new byte[10], 0, 10);
            }
            first.close();
            final Publication second = shimmy.publication("retired");
            second.offer(new byte[10], 0, 10);

            final TopicStatus status = TopicStatus.read(dir, "retired");

            assertThat(status.messages()).isEqualTo(4);
            assertThat(status.bytes()).isEqualTo(40);
            assertThat(status.publishers()).singleElement()
                .satisfies(party -> assertThat(party.messages()).isEqualTo(4));
        }
    }

    @Test
    void shouldShowNoLivePartyOnceEverythingIsClosed() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            shimmy.publication("closed", new TopicConfig().capacity(4096));
            shimmy.subscription("closed");
        }

        final TopicStatus status = TopicStatus.read(dir, "closed");

        assertThat(status.inUse()).isFalse();
        assertThat(status.publishers()).isEmpty();
        assertThat(status.subscribers()).isEmpty();
    }

    @Test
    void shouldShowASubscriberThatHasOnlyTakenItsSlotAsNotJoined() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            shimmy.publication("joining", new TopicConfig().capacity(4096).maxSubscribers(1));
            final TopicFile raw = Topics.raw(dir, "joining");

            final TopicFile.Slot taken = raw.acquireSlot(raw.subscribersOffset(), raw.maxSubscribers(), false);
            final TopicStatus.Party taker = TopicStatus.of(raw).subscribers().get(0);
            raw.releaseSlot(taken.offset(), taken.word(), false);
            final Subscription subscription = shimmy.subscription("joining", new SubscriptionConfig().name("joined"));
            final TopicStatus.Party joined = TopicStatus.of(raw).subscribers().get(0);
            subscription.close();
            final TopicFile.Slot retaken = raw.acquireSlot(raw.subscribersOffset(), raw.maxSubscribers(), false);
            final TopicStatus.Party nextTaker = TopicStatus.of(raw).subscribers().get(0);

            assertThat(taker.alive()).isTrue();
            assertThat(taker.joined()).as("slot taken, not joined").isFalse();
            assertThat(joined.alive()).isTrue();
            assertThat(joined.joined()).as("subscription open").isTrue();
            assertThat(joined.name()).isEqualTo("joined");
            assertThat(retaken.offset()).isEqualTo(taken.offset());
            assertThat(nextTaker.alive()).isTrue();
            assertThat(nextTaker.joined()).as("slot taken again after close").isFalse();
            assertThat(TopicStatus.of(raw).publishers()).singleElement()
                .satisfies(publisher -> assertThat(publisher.joined()).isTrue());
        }
    }

    @Test
    void shouldNotShowAnEvictedSubscriberOrTheTakerOfItsSlotAsJoined() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            shimmy.publication("evicted", new TopicConfig().capacity(4096).maxSubscribers(2));
            final TopicFile raw = Topics.raw(dir, "evicted");
            final Subscription subscription = shimmy.subscription("evicted");
            final int slot = raw.subscribersOffset();
            final long word = raw.buffer().getLongVolatile(slot + SLOT_STATE_OFFSET);
            final long evicted = nextState(word, STATE_EVICTED);
            raw.buffer().putLongVolatile(slot + SLOT_STATE_OFFSET, evicted);
            final TopicStatus.Party whileEvicted = TopicStatus.of(raw).subscribers().get(0);
            // a new party's CAS in acquireSlot, seen before it zeroes the mark the evicted owner left
            raw.buffer().putLongVolatile(slot + SLOT_STATE_OFFSET, nextState(evicted, STATE_ACTIVE));
            final TopicStatus.Party takerBeforeItZeroedTheMark = TopicStatus.of(raw).subscribers().get(0);
            subscription.poll((buffer, offset, length) -> { }, 10);
            final List<TopicStatus.Party> afterRejoin = TopicStatus.of(raw).subscribers();

            assertThat(whileEvicted.evicted()).isTrue();
            assertThat(whileEvicted.joined()).as("evicted").isFalse();
            assertThat(takerBeforeItZeroedTheMark.joined()).as("new owner of the evicted slot").isFalse();
            assertThat(afterRejoin).extracting(TopicStatus.Party::slot).containsExactly(0, 1);
            assertThat(afterRejoin.get(0).joined()).as("the new owner, still not joined").isFalse();
            assertThat(afterRejoin.get(1).joined()).as("the evicted subscriber, rejoined in another slot").isTrue();
        }
    }

    @Test
    void shouldShowAnEvictedSubscriberJoinedAgainOnceItRejoinedItsOwnSlot() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Publication publication = shimmy.publication("rejoin", new TopicConfig().capacity(4096));
            final TopicFile raw = Topics.raw(dir, "rejoin");
            final Subscription subscription = shimmy.subscription("rejoin");
            final int slot = raw.subscribersOffset();
            final long word = raw.buffer().getLongVolatile(slot + SLOT_STATE_OFFSET);
            raw.buffer().putLongVolatile(slot + SLOT_STATE_OFFSET, nextState(word, STATE_EVICTED));
            final boolean joinedWhileEvicted = TopicStatus.of(raw).subscribers().get(0).joined();
            final long tail = raw.tail();

            subscription.poll((buffer, offset, length) -> { }, 10);
            final TopicStatus.Party rejoined = TopicStatus.of(raw).subscribers().get(0);
            publication.offer(new byte[10], 0, 10);

            assertThat(joinedWhileEvicted).isFalse();
            assertThat(rejoined.slot()).isZero();
            assertThat(rejoined.evicted()).isFalse();
            assertThat(rejoined.joined()).isTrue();
            assertThat(rejoined.position()).isEqualTo(tail);
            assertThat(Topics.drain(subscription)).hasSize(1);
        }
    }

    /**
     * What {@code joined} is for: a publisher that waits until a subscriber starting at the latest position shows
     * joined, then publishes, never publishes before that subscriber's start. A subscriber that has only taken its
     * slot may still start after the message.
     */
    @Test
    @Timeout(120)
    void shouldDeliverTheFirstMessagePublishedAfterALatestSubscriberShowsJoined() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Publication publication = shimmy.publication("first", new TopicConfig().capacity(1 << 16));
            final TopicFile raw = Topics.raw(dir, "first");
            final List<Integer> missed = new ArrayList<>();
            for (int round = 0; round < 300; round++) {
                final CompletableFuture<Subscription> joining =
                    CompletableFuture.supplyAsync(() -> shimmy.subscription("first"));
                while (TopicStatus.of(raw).subscribers().stream().noneMatch(TopicStatus.Party::joined)) {
                    Thread.onSpinWait();
                }
                final byte[] message = Topics.pattern(16, round);
                assertThat(publication.offer(message, 0, message.length)).isPositive();
                try (Subscription subscription = joining.join()) {
                    final List<byte[]> received = Topics.drain(subscription);
                    if (received.isEmpty() || !Arrays.equals(received.get(0), message)) {
                        missed.add(round);
                    }
                }
            }

            assertThat(missed).as("rounds whose subscriber missed the first message").isEmpty();
        }
    }
}
