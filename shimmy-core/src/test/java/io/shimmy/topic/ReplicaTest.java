package io.shimmy.topic;

import io.shimmy.ChannelLimitException;
import io.shimmy.IncompatibleChannelException;
import io.shimmy.Shimmy;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.wait.WaitStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.shimmy.topic.RecordDescriptor.alignedLength;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Replica}: the receiving side of a mirror, fed here in-process from an origin topic by region polls.
 */
class ReplicaTest {
    private static final String TOPIC = "mirrored";
    private static final int CAPACITY = 4096;
    private static final int MAX = alignedLength(CAPACITY / 8);

    @TempDir
    Path originDir;
    @TempDir
    Path replicaDir;
    private Shimmy origin;
    private Shimmy receiver;
    private Publication publication;
    private Subscription mirror;

    @BeforeEach
    void open() {
        origin = Topics.shimmy(originDir);
        receiver = Topics.shimmy(replicaDir);
        publication = origin.publication(TOPIC, new TopicConfig().capacity(CAPACITY));
        mirror = origin.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.EARLIEST));
    }

    @AfterEach
    void close() {
        receiver.close();
        origin.close();
    }

    private Replica replica() {
        final Replica replica = receiver.replica(TOPIC, mirror.topicConfig(), mirror.incarnation());
        if (replica.fresh()) {
            assertThat(replica.reset(mirror.position())).isZero();
        }
        return replica;
    }

    private void offer(final int length, final long seed) {
        assertThat(publication.offer(Topics.pattern(length, seed), 0, length)).isPositive();
    }

    /** Ships what the origin has to the replica, then publishes the tail and releases the origin: one mirror step. */
    private void ship(final Replica replica) {
        int consumed;
        do {
            consumed = mirror.regionPoll((buffer, index, length, position) ->
                replica.write(position, buffer, index, length) == 0 ? length : 0, MAX);
        } while (consumed > 0);
        assertThat(replica.publishTail(mirror.position())).isZero();
        mirror.release(replica.acknowledge());
    }

    @Test
    void shouldLetLocalSubscribersReadWhatTheMirrorWrote() {
        final Replica replica = replica();
        final Subscription reader =
            receiver.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.EARLIEST));
        final MessageVerifier verifier = new MessageVerifier(CAPACITY / 8, false);
        final byte[] message = new byte[CAPACITY / 8];
        for (int sequence = 0; sequence < 2000; sequence++) {
            final int length = TestMessages.MIN_LENGTH + sequence % (CAPACITY / 8 - TestMessages.MIN_LENGTH);
            TestMessages.encode(message, 1, sequence, length);
            while (publication.offer(message, 0, length) < 0) {
                ship(replica);
                reader.poll(verifier, 100);
            }
        }
        while (verifier.received() < 2000) {
            ship(replica);
            reader.poll(verifier, 100);
        }

        assertThat(verifier.badChecksums()).isZero();
        assertThat(verifier.outOfOrder()).isZero();
        assertThat(verifier.gaps()).isZero();
        assertThat(reader.lostMessages()).isZero();
        assertThat(reader.lostBytes()).isZero();
        assertThat(replica.tail()).isEqualTo(Topics.raw(originDir, TOPIC).tail());
        assertThat(TopicStatus.read(replicaDir, TOPIC).replica()).isTrue();
    }

    @Test
    void shouldShowReplicaSubscribersJoinedOnceTheyJoined() {
        final Replica replica = replica();
        offer(40, 1);
        ship(replica);
        receiver.subscription(TOPIC, new SubscriptionConfig().name("latest"));
        receiver.subscription(TOPIC, new SubscriptionConfig().name("earliest").start(StartPosition.EARLIEST));

        final List<TopicStatus.Party> subscribers = TopicStatus.read(replicaDir, TOPIC).subscribers();

        assertThat(subscribers).extracting(TopicStatus.Party::name).containsExactly("latest", "earliest");
        assertThat(subscribers).allSatisfy(party -> assertThat(party.joined()).isTrue());
        assertThat(subscribers.get(0).position()).isEqualTo(replica.tail());
        assertThat(TopicStatus.read(originDir, TOPIC).subscribers()).singleElement()
            .satisfies(party -> assertThat(party.joined()).as("the mirror's own subscription").isTrue());
    }

    @Test
    void shouldNotLetSubscribersReadBeyondTheReplicaTail() {
        final Replica replica = replica();
        final Subscription reader = receiver.subscription(TOPIC);
        offer(40, 1);
        offer(40, 2);
        mirror.regionPoll((buffer, index, length, position) -> {
            assertThat(replica.write(position, buffer, index, length)).isZero();
            return length;
        }, MAX);

        assertThat(Topics.drain(reader)).isEmpty();
        assertThat(replica.publishTail(alignedLength(40))).isZero();
        assertThat(Topics.drain(reader)).containsExactly(Topics.pattern(40, 1));
        assertThat(replica.publishTail(2L * alignedLength(40))).isZero();
        assertThat(Topics.drain(reader)).containsExactly(Topics.pattern(40, 2));
    }

    @Test
    void shouldRefuseATailOverBytesThatAreNotWholeCommittedRecords() {
        final Replica replica = replica();
        final Subscription reader = receiver.subscription(TOPIC);
        final SharedBuffer garbage = SharedBuffer.wrap(Topics.pattern(256, 9));
        assertThat(replica.write(0, garbage, 0, 256)).isZero();

        assertThat(replica.publishTail(256)).isEqualTo(Replica.INVALID_RECORDS);
        assertThat(replica.rejectedAt()).isZero();
        assertThat(replica.tail()).isZero();
        assertThat(Topics.drain(reader)).isEmpty();

        offer(40, 1);
        offer(40, 2);
        ship(replica);
        assertThat(Topics.drain(reader)).containsExactly(Topics.pattern(40, 1), Topics.pattern(40, 2));
        assertThat(replica.publishTail(replica.tail() + 32)).isEqualTo(Replica.INVALID_RECORDS);
        assertThat(replica.publishTail(alignedLength(40))).isEqualTo(Replica.TAIL_OUT_OF_RANGE);
        assertThat(replica.publishTail(replica.grant() + 32)).isEqualTo(Replica.TAIL_OUT_OF_RANGE);
    }

    @Test
    void shouldRefuseWritesOutsideTheGrantOrAcrossTheEndOfTheRing() {
        final Replica replica = replica();
        final SharedBuffer bytes = SharedBuffer.allocateDirect(CAPACITY);

        assertThat(replica.grant()).isEqualTo(CAPACITY);
        assertThat(replica.write(replica.grant() - 32, bytes, 0, 64)).isEqualTo(Replica.OUT_OF_RANGE);
        assertThat(replica.write(CAPACITY - 32, bytes, 0, 64)).isEqualTo(Replica.OUT_OF_RANGE);
        assertThat(replica.write(0, bytes, 0, -1)).isEqualTo(Replica.OUT_OF_RANGE);
        assertThat(replica.write(0, bytes, 0, CAPACITY)).isZero();
        offer(40, 1);
        ship(replica);
        assertThat(replica.write(0, bytes, 0, 32)).isEqualTo(Replica.OUT_OF_RANGE);
        assertThat(replica.writable(replica.tail(), replica.grant() - replica.tail())).isTrue();
        assertThat(replica.writable(replica.tail(), CAPACITY)).isFalse();
        assertThat(replica.writable(replica.grant(), 32)).isFalse();
    }

    @Test
    void shouldAcknowledgeNoFurtherThanTheSlowestLiveSubscriber() {
        final Replica replica = replica();
        final Subscription slow = receiver.subscription(TOPIC);
        offer(40, 1);
        offer(40, 2);
        ship(replica);

        assertThat(replica.acknowledge()).isZero();
        assertThat(replica.grant()).isEqualTo(CAPACITY);
        assertThat(mirror.releasedPosition()).isZero();
        slow.poll((buffer, offset, length) -> { }, 1);
        assertThat(replica.acknowledge()).isEqualTo(alignedLength(40));
        slow.close();
        assertThat(replica.acknowledge()).isEqualTo(2L * alignedLength(40));
        assertThat(replica.grant()).isEqualTo(CAPACITY);
        for (int i = 0; i < 40; i++) {
            offer(40, i);
            ship(replica);
        }
        assertThat(replica.grant()).isEqualTo(replica.tail() + CAPACITY / 2);
    }

    @Test
    void shouldAcknowledgeTheTailOfALossyReplicaAndGrantHalfARing() {
        try (Publication lossy = origin.publication("lossy", new TopicConfig().capacity(CAPACITY).lossy(true));
             Subscription source = origin.subscription("lossy");
             Replica replica = receiver.replica("lossy", source.topicConfig(), source.incarnation());
             Subscription slow = receiver.subscription("lossy")) {
            assertThat(replica.reset(0)).isZero();
            lossy.offer(Topics.pattern(40, 1), 0, 40);
            source.regionPoll((buffer, index, length, position) -> replica.write(position, buffer, index, length) == 0 ?
                length : 0, MAX);
            assertThat(replica.publishTail(source.position())).isZero();

            assertThat(replica.acknowledge()).isEqualTo(alignedLength(40));
            assertThat(replica.grant()).isEqualTo(CAPACITY);
            assertThat(slow.position()).isZero();
        }
    }

    @Test
    void shouldMakeSubscribersSkipAndCountTheLossAfterAReset() {
        final Replica replica = replica();
        final Subscription reader =
            receiver.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.EARLIEST));
        offer(40, 1);
        ship(replica);
        assertThat(Topics.drain(reader)).hasSize(1);
        final Subscription behind = receiver.subscription(TOPIC);

        assertThat(replica.reset(10 * CAPACITY)).isZero();

        assertThat(replica.reset(replica.tail() - 32)).isEqualTo(Replica.TAIL_OUT_OF_RANGE);
        assertThat(Topics.drain(reader)).isEmpty();
        assertThat(reader.position()).isEqualTo(10 * CAPACITY);
        assertThat(reader.lostBytes()).isEqualTo(10 * CAPACITY - alignedLength(40));
        assertThat(replica.acknowledge()).isEqualTo(10 * CAPACITY);
        Topics.drain(behind);
        assertThat(behind.position()).isEqualTo(10 * CAPACITY);
        assertThat(TopicStatus.read(replicaDir, TOPIC).errors()).anyMatch(entry -> entry.text().contains("reset"));
    }

    @Test
    void shouldNotCountWhatPrecedesItsFirstStartAsLost() {
        final Replica replica = receiver.replica(TOPIC, mirror.topicConfig(), mirror.incarnation());
        final Subscription early = receiver.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.EARLIEST));
        assertThat(early.position()).isZero();

        assertThat(replica.reset(5 * CAPACITY)).isZero();

        assertThat(Topics.drain(early)).isEmpty();
        assertThat(early.position()).isEqualTo(5 * CAPACITY);
        assertThat(early.lostBytes()).isZero();
        assertThat(replica.reset(7 * CAPACITY)).isZero();
        assertThat(Topics.drain(early)).isEmpty();
        assertThat(early.lostBytes()).isEqualTo(2 * CAPACITY);
    }

    @Test
    void shouldWakeASubscriberThatSleepsInTheKernel() throws Exception {
        final Replica replica = replica();
        final Subscription sleeper = receiver.subscription(TOPIC, new SubscriptionConfig().waitStrategy("block"));
        final CompletableFuture<List<byte[]>> received = CompletableFuture.supplyAsync(() -> {
            final WaitStrategy wait = sleeper.newWaitStrategy();
            final List<byte[]> messages = new java.util.ArrayList<>();
            while (messages.isEmpty()) {
                wait.idle(sleeper.poll((buffer, offset, length) -> messages.add(Topics.copy(buffer, offset, length)),
                    10));
            }
            return messages;
        });
        Thread.sleep(200);
        offer(40, 5);
        ship(replica);

        assertThat(received.get(30, TimeUnit.SECONDS)).containsExactly(Topics.pattern(40, 5));
    }

    @Test
    void shouldRefuseLocalPublishersAndASecondWriter() {
        final Replica replica = replica();

        assertThatThrownBy(() -> receiver.publication(TOPIC)).isInstanceOf(IncompatibleChannelException.class)
            .hasMessageContaining("replica");
        try (Shimmy other = Topics.shimmy(replicaDir)) {
            assertThatThrownBy(() -> other.replica(TOPIC, mirror.topicConfig(), mirror.incarnation()))
                .isInstanceOf(ChannelLimitException.class).hasMessageContaining("another live mirror");
        }
        replica.close();
        try (Shimmy other = Topics.shimmy(replicaDir);
             Replica next = other.replica(TOPIC, mirror.topicConfig(), mirror.incarnation())) {
            assertThat(next.fresh()).isFalse();
        }
    }

    @Test
    void shouldKeepItsTailForTheNextWriter() {
        final Replica replica = replica();
        offer(40, 1);
        offer(40, 2);
        ship(replica);
        replica.close();

        try (Replica next = receiver.replica(TOPIC, mirror.topicConfig(), mirror.incarnation())) {
            assertThat(next.fresh()).isFalse();
            assertThat(next.tail()).isEqualTo(2L * alignedLength(40));
            assertThat(next.base()).isZero();
        }
    }

    @Test
    void shouldRefuseAnOrdinaryTopicOtherParametersOrAnotherIncarnation() {
        replica().close();
        try (Publication local = receiver.publication("local", new TopicConfig().capacity(CAPACITY))) {
            assertThatThrownBy(() -> receiver.replica("local", mirror.topicConfig(), mirror.incarnation()))
                .isInstanceOf(IncompatibleChannelException.class).hasMessageContaining("not a mirror's replica");
        }

        assertThatThrownBy(() -> receiver.replica(TOPIC, mirror.topicConfig().capacity(2 * CAPACITY),
            mirror.incarnation())).isInstanceOf(IncompatibleChannelException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> receiver.replica(TOPIC, mirror.topicConfig().lossy(true), mirror.incarnation()))
            .isInstanceOf(IncompatibleChannelException.class).hasMessageContaining("lossy");
        assertThatThrownBy(() -> receiver.replica(TOPIC, mirror.topicConfig(), mirror.incarnation() + 1))
            .isInstanceOf(IncompatibleChannelException.class).hasMessageContaining("another incarnation");
    }
}
