package io.shimmy.topic;

import io.shimmy.Shimmy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.shimmy.topic.RecordDescriptor.TYPE_DATA;
import static io.shimmy.topic.RecordDescriptor.TYPE_PADDING;
import static io.shimmy.topic.RecordDescriptor.stamp;
import static io.shimmy.topic.TopicDescriptor.TAIL_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claims that nobody commits (a publisher that died or stalled mid-write) are reclaimed by subscribers after the
 * topic's unblock timeout, here 50 ms.
 */
@Timeout(30)
class AbandonedClaimTest {
    private static final String TOPIC = "claims";
    private static final long UNBLOCK_NS = TimeUnit.MILLISECONDS.toNanos(50);

    @TempDir
    Path dir;
    private Shimmy shimmy;
    private Publication stalled;
    private Publication healthy;
    private Subscription subscription;
    private TopicFile raw;

    @BeforeEach
    void open() {
        shimmy = Topics.shimmy(dir);
        stalled = shimmy.publication(TOPIC, new TopicConfig().capacity(4096).unblockTimeoutNs(UNBLOCK_NS));
        healthy = shimmy.publication(TOPIC);
        subscription = shimmy.subscription(TOPIC);
        raw = Topics.raw(dir, TOPIC);
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private List<byte[]> pollUntil(final int count) {
        final List<byte[]> received = new ArrayList<>();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.size() < count && System.nanoTime() < deadline) {
            final int polled =
                subscription.poll((buffer, offset, length) -> received.add(Topics.copy(buffer, offset, length)), 10);
            assertThat(polled).isNotNegative();
            if (polled == 0) {
                Thread.yield();
            }
        }
        return received;
    }

    @Test
    void shouldReclaimAnAbandonedClaimAndReportItToTheLateCommit() {
        final BufferClaim claim = new BufferClaim();
        assertThat(stalled.tryClaim(100, claim)).isPositive();
        claim.buffer().putBytes(claim.offset(), Topics.pattern(100, 666), 0, 100);
        for (int i = 0; i < 3; i++) {
            healthy.offer(Topics.pattern(40, i), 0, 40);
        }

        final List<byte[]> received = pollUntil(3);

        assertThat(received).containsExactly(Topics.pattern(40, 0), Topics.pattern(40, 1), Topics.pattern(40, 2));
        assertThat(Topics.stampAt(raw, 0)).isEqualTo(stamp(0, TYPE_PADDING));
        assertThat(claim.commit()).isEqualTo(Publication.CLAIM_RECLAIMED);
        assertThat(Topics.stampAt(raw, 0)).isEqualTo(stamp(0, TYPE_PADDING));
        assertThat(TopicStatus.of(raw).errors())
            .anyMatch(entry -> entry.text().contains("reclaimed an abandoned claim"));
        stalled.offer(Topics.pattern(30, 7), 0, 30);
        assertThat(Topics.drain(subscription)).containsExactly(Topics.pattern(30, 7));
        assertThat(subscription.lostMessages()).isZero();
    }

    @Test
    void shouldSkipAReclaimedClaimWhosePublisherResumedAndOverwroteThePaddingLength() {
        final BufferClaim claim = new BufferClaim();
        assertThat(stalled.tryClaim(20, claim)).isEqualTo(64);
        final int header = raw.ringOffset();
        healthy.offer(Topics.pattern(40, 1), 0, 40);
        assertThat(raw.reclaim(0, raw.tail())).isTrue();
        assertThat(Topics.lengthAt(raw, 0)).isEqualTo(64);
        // the stalled publisher resumes where it was frozen, between marking its claim and storing its length: the
        // plain store lands in the padding the reclaimer just wrote (jcstress: ReclaimStress.OfferInFlight)
        raw.buffer().putInt(header + RecordDescriptor.LENGTH_OFFSET, 20);
        claim.buffer().putBytes(claim.offset(), Topics.pattern(20, 666), 0, 20);

        final List<byte[]> received = pollUntil(1);

        assertThat(received).containsExactly(Topics.pattern(40, 1));
        assertThat(claim.commit()).isEqualTo(Publication.CLAIM_RECLAIMED);
        assertThat(TopicStatus.of(raw).failed()).isFalse();
        assertThat(TopicStatus.of(raw).errors())
            .anyMatch(entry -> entry.text().contains("length was overwritten by a publisher that resumed"));
    }

    @Test
    void shouldReclaimAStaleClaimThatNobodyMarked() {
        healthy.offer(Topics.pattern(10, 0), 0, 10);
        assertThat(Topics.drain(subscription)).hasSize(1);
        final long tail = raw.tail();
        assertThat(raw.buffer().compareAndSetLong(TAIL_OFFSET, tail, tail + 64)).isTrue();
        for (int i = 1; i <= 3; i++) {
            healthy.offer(Topics.pattern(40, i), 0, 40);
        }

        final List<byte[]> received = pollUntil(3);

        assertThat(received).containsExactly(Topics.pattern(40, 1), Topics.pattern(40, 2), Topics.pattern(40, 3));
        assertThat(Topics.stampAt(raw, tail)).isEqualTo(stamp(tail, TYPE_PADDING));
        assertThat(Topics.lengthAt(raw, tail)).isEqualTo(64);
    }

    @Test
    void shouldReclaimAStaleClaimThatCrossedTheEndOfTheRing() {
        for (int i = 0; i < 31; i++) {
            healthy.offer(Topics.pattern(100, i), 0, 100);
            assertThat(Topics.drain(subscription)).hasSize(1);
        }
        final long tail = raw.tail();
        assertThat(tail).isEqualTo(31 * 128);
        assertThat(raw.buffer().compareAndSetLong(TAIL_OFFSET, tail, 4096 + 256)).isTrue();
        healthy.offer(Topics.pattern(40, 100), 0, 40);

        final List<byte[]> received = pollUntil(1);

        assertThat(received).containsExactly(Topics.pattern(40, 100));
        assertThat(Topics.stampAt(raw, tail)).isEqualTo(stamp(tail, TYPE_PADDING));
        assertThat(Topics.stampAt(raw, 4096)).isEqualTo(stamp(4096, TYPE_PADDING));
        assertThat(Topics.stampAt(raw, 4096 + 256)).isEqualTo(stamp(4096 + 256, TYPE_DATA));
        assertThat(subscription.position()).isEqualTo(4096 + 256 + 64);
    }

    @Test
    void shouldWaitForAClaimThatIsCommittedBeforeTheUnblockTimeout() {
        final Subscription patient;
        try (Shimmy other = Topics.shimmy(dir)) {
            final Publication slow = other.publication("patient", new TopicConfig().capacity(4096));
            patient = other.subscription("patient");
            final BufferClaim claim = new BufferClaim();
            slow.tryClaim(16, claim);
            claim.buffer().putBytes(claim.offset(), Topics.pattern(16, 1), 0, 16);
            for (int i = 0; i < 1000; i++) {
                assertThat(patient.poll((buffer, offset, length) -> { }, 10)).isZero();
            }

            assertThat(claim.commit()).isPositive();
            assertThat(Topics.drain(patient)).containsExactly(Topics.pattern(16, 1));
        }
    }
}
