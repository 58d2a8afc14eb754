package io.shimmy.topic;

import io.shimmy.Shimmy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.shimmy.topic.RecordDescriptor.TYPE_PADDING;
import static io.shimmy.topic.RecordDescriptor.alignedLength;
import static io.shimmy.topic.RecordDescriptor.stamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link Subscription#regionPoll}, {@link Subscription#release}, {@link Subscription#regionIntact} and resuming at
 * a position: the origin side of a mirror.
 */
class RegionPollTest {
    private static final String TOPIC = "regions";
    private static final int CAPACITY = 4096;
    private static final int MAX = alignedLength(CAPACITY / 8);

    @TempDir
    Path dir;
    private Shimmy shimmy;
    private Publication publication;
    private TopicFile raw;

    /** A region as handed: where it was and a copy of its bytes. */
    private record Region(long position, int index, byte[] bytes) {
    }

    @BeforeEach
    void open() {
        shimmy = Topics.shimmy(dir);
        publication = shimmy.publication(TOPIC, new TopicConfig().capacity(CAPACITY)
            .unblockTimeoutNs(TimeUnit.MILLISECONDS.toNanos(20)));
        raw = Topics.raw(dir, TOPIC);
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private Subscription subscribe() {
        return shimmy.subscription(TOPIC, new SubscriptionConfig().start(StartPosition.EARLIEST));
    }

    private void offer(final int length, final long seed) {
        assertThat(publication.offer(Topics.pattern(length, seed), 0, length)).isPositive();
    }

    private static int take(final Subscription subscription, final List<Region> regions, final int maxLength) {
        return subscription.regionPoll((buffer, index, length, position) -> {
            regions.add(new Region(position, index, Topics.copy(buffer, index, length)));
            return length;
        }, maxLength);
    }

    @Test
    void shouldHandCommittedRecordsAsOneRegionOfRingBytes() {
        final Subscription subscription = subscribe();
        offer(10, 1);
        offer(40, 2);
        offer(100, 3);
        final List<Region> regions = new ArrayList<>();

        final int consumed = take(subscription, regions, MAX);

        final int expected = alignedLength(10) + alignedLength(40) + alignedLength(100);
        assertThat(consumed).isEqualTo(expected);
        assertThat(regions).hasSize(1);
        assertThat(regions.get(0).position()).isZero();
        assertThat(regions.get(0).index()).isEqualTo(raw.ringOffset());
        assertThat(regions.get(0).bytes()).isEqualTo(Topics.copy(raw.buffer(), raw.ringOffset(), expected));
        assertThat(subscription.position()).isEqualTo(expected);
        assertThat(subscription.releasedPosition()).isZero();
        assertThat(take(subscription, regions, MAX)).isZero();
    }

    @Test
    void shouldStopAtAClaimStillBeingWritten() {
        final Subscription subscription = subscribe();
        offer(10, 1);
        final BufferClaim claim = new BufferClaim();
        assertThat(publication.tryClaim(50, claim)).isPositive();
        try (Publication other = shimmy.publication(TOPIC)) {
            other.offer(Topics.pattern(20, 3), 0, 20);
        }
        final List<Region> regions = new ArrayList<>();

        assertThat(take(subscription, regions, MAX)).isEqualTo(alignedLength(10));
        assertThat(take(subscription, regions, MAX)).isZero();
        claim.buffer().putBytes(claim.offset(), Topics.pattern(50, 2), 0, 50);
        assertThat(claim.commit()).isPositive();
        assertThat(take(subscription, regions, MAX)).isEqualTo(alignedLength(50) + alignedLength(20));
        assertThat(regions.get(1).position()).isEqualTo(alignedLength(10));
    }

    @Test
    void shouldEndRegionsAtTheEndOfTheRingAndGoOnAtItsStart() {
        final Subscription subscription = subscribe();
        final List<Region> regions = new ArrayList<>();
        long expected = 0;
        for (int i = 0; i < 200; i++) {
            offer(50 + i % 200, i);
            while (take(subscription, regions, MAX) > 0) {
                subscription.release(subscription.position());
            }
        }
        for (final Region region : regions) {
            assertThat(region.position()).isEqualTo(expected);
            assertThat((region.position() & (CAPACITY - 1)) + region.bytes().length).isLessThanOrEqualTo(CAPACITY);
            expected += region.bytes().length;
        }
        assertThat(expected).isEqualTo(raw.tail()).isGreaterThan(3L * CAPACITY);
        assertThat(regions).anyMatch(region -> (region.position() & (CAPACITY - 1)) + region.bytes().length ==
            CAPACITY);
    }

    @Test
    void shouldHandNoMoreThanMaxLengthButAlwaysTheFirstRecordWhole() {
        final Subscription subscription = subscribe();
        for (int i = 0; i < 6; i++) {
            offer(CAPACITY / 8, i);
        }
        final List<Region> regions = new ArrayList<>();

        assertThat(take(subscription, regions, MAX + 100)).isEqualTo(MAX);
        assertThat(take(subscription, regions, 2 * MAX)).isEqualTo(2 * MAX);
        assertThatThrownBy(() -> take(subscription, regions, MAX - 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldAcceptConsumingUpToARecordBoundaryAndRefuseOtherCounts() {
        final Subscription subscription = subscribe();
        offer(10, 1);
        offer(40, 2);

        assertThat(subscription.regionPoll((buffer, index, length, position) -> 0, MAX)).isZero();
        assertThat(subscription.regionPoll((buffer, index, length, position) -> alignedLength(10), MAX))
            .isEqualTo(alignedLength(10));
        assertThat(subscription.position()).isEqualTo(alignedLength(10));
        assertThatThrownBy(() -> subscription.regionPoll((buffer, index, length, position) -> 40, MAX))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a record boundary");
        assertThat(subscription.position()).isEqualTo(alignedLength(10));
    }

    @Test
    void shouldHoldPublishersOfAReliableTopicUntilReleased() {
        final Subscription subscription = subscribe();
        final List<Region> regions = new ArrayList<>();
        int published = 0;
        while (publication.offer(Topics.pattern(100, published), 0, 100) > 0) {
            published++;
            while (take(subscription, regions, MAX) > 0) {
                continue;
            }
        }
        assertThat(published).isEqualTo(CAPACITY / alignedLength(100));
        assertThat(subscription.releasedPosition()).isZero();

        subscription.release(subscription.position());

        assertThat(subscription.releasedPosition()).isEqualTo(raw.tail());
        assertThat(publication.offer(Topics.pattern(100, published), 0, 100)).isPositive();
        subscription.release(subscription.position() + 4096);
        assertThat(subscription.releasedPosition()).isEqualTo(raw.tail() - alignedLength(100));
    }

    @Test
    void shouldReclaimAnAbandonedClaimAsPaddingAndHandIt() throws InterruptedException {
        final Subscription subscription = subscribe();
        final BufferClaim claim = new BufferClaim();
        assertThat(publication.tryClaim(60, claim)).isPositive();
        try (Publication other = shimmy.publication(TOPIC)) {
            other.offer(Topics.pattern(20, 3), 0, 20);
        }
        final List<Region> regions = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (regions.isEmpty() && System.nanoTime() < deadline) {
            take(subscription, regions, MAX);
            Thread.sleep(1);
        }

        assertThat(regions).hasSize(1);
        assertThat(Topics.stampAt(raw, 0)).isEqualTo(stamp(0, TYPE_PADDING));
        assertThat(regions.get(0).bytes()).hasSize(alignedLength(60) + alignedLength(20));
        assertThat(claim.commit()).isEqualTo(Publication.CLAIM_RECLAIMED);
    }

    @Test
    void shouldReportARegionOverwrittenWhileItWasReadOnALossyTopic() {
        try (Publication lossy = shimmy.publication("lossy", new TopicConfig().capacity(CAPACITY).lossy(true));
             Subscription subscription = shimmy.subscription("lossy")) {
            lossy.offer(Topics.pattern(100, 0), 0, 100);
            final int consumed = subscription.regionPoll((buffer, index, length, position) -> {
                for (int i = 0; i < 2 * CAPACITY / alignedLength(100); i++) {
                    lossy.offer(Topics.pattern(100, i + 1), 0, 100);
                }
                return length;
            }, MAX);
            assertThat(consumed).isEqualTo(alignedLength(100));

            assertThat(subscription.regionIntact(0)).isFalse();

            assertThat(subscription.position()).isEqualTo(Topics.raw(dir, "lossy").tail());
            assertThat(subscription.lostBytes()).isEqualTo(subscription.position());
            lossy.offer(Topics.pattern(100, 99), 0, 100);
            final List<Region> regions = new ArrayList<>();
            assertThat(take(subscription, regions, MAX)).isEqualTo(alignedLength(100));
            assertThat(subscription.regionIntact(regions.get(0).position())).isTrue();
        }
    }

    @Test
    void shouldResumeAtAPositionTheTopicStillHolds() {
        final Subscription first = subscribe();
        for (int i = 0; i < 5; i++) {
            offer(30, i);
        }
        first.poll((buffer, offset, length) -> { }, 2);
        final long resume = first.position();
        first.close();

        try (Subscription resumed = shimmy.subscription(TOPIC, new SubscriptionConfig().resumeAt(resume))) {
            assertThat(resumed.position()).isEqualTo(resume);
            assertThat(Topics.drain(resumed)).containsExactly(Topics.pattern(30, 2), Topics.pattern(30, 3),
                Topics.pattern(30, 4));
            assertThat(resumed.lostBytes()).isZero();
        }
        try (Subscription atTail = shimmy.subscription(TOPIC, new SubscriptionConfig().resumeAt(raw.tail()))) {
            assertThat(atTail.position()).isEqualTo(raw.tail());
        }
    }

    @Test
    void shouldRefuseToResumeAtAPositionThatWasOverwritten() {
        for (int i = 0; i < 100; i++) {
            offer(100, i);
        }

        assertThatThrownBy(() -> shimmy.subscription(TOPIC, new SubscriptionConfig().resumeAt(0)))
            .isInstanceOfSatisfying(PositionNotHeldException.class, ex -> {
                assertThat(ex.requested()).isZero();
                assertThat(ex.oldest()).isGreaterThanOrEqualTo(raw.tail() - CAPACITY).isLessThan(raw.tail());
                assertThat(ex.tail()).isEqualTo(raw.tail());
            })
            .hasMessageContaining("no longer holds position 0");
        assertThat(TopicStatus.of(raw).subscribers()).isEmpty();
    }

    @Test
    void shouldResumeAtARecordItsPublisherHasClaimedButNotYetCommitted() throws Exception {
        offer(30, 0);
        final long resume = raw.tail();
        final BufferClaim claim = new BufferClaim();
        assertThat(publication.tryClaim(30, claim)).isEqualTo(resume + alignedLength(30));
        claim.buffer().putBytes(claim.offset(), Topics.pattern(30, 1), 0, 30);
        final Thread committer = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            claim.commit();
        });
        committer.start();

        try (Subscription resumed = shimmy.subscription(TOPIC, new SubscriptionConfig().resumeAt(resume))) {
            committer.join();
            assertThat(resumed.position()).isEqualTo(resume);
            assertThat(Topics.drain(resumed)).containsExactly(Topics.pattern(30, 1));
        }
    }

    @Test
    void shouldRefuseToResumeInsideARecordOrBeyondTheTail() {
        offer(100, 1);

        assertThatThrownBy(() -> shimmy.subscription(TOPIC, new SubscriptionConfig().resumeAt(32)))
            .isInstanceOf(PositionNotHeldException.class)
            .hasMessageContaining("position 32 is not the start of a committed record");
        assertThatThrownBy(() -> shimmy.subscription(TOPIC, new SubscriptionConfig().resumeAt(8)))
            .isInstanceOf(PositionNotHeldException.class);
        assertThatThrownBy(() -> shimmy.subscription(TOPIC, new SubscriptionConfig().resumeAt(raw.tail() + 32)))
            .isInstanceOf(PositionNotHeldException.class)
            .hasMessageContaining("is beyond the tail");
        assertThat(TopicStatus.of(raw).subscribers()).isEmpty();
    }
}
