package io.shimmy.topic;

import io.shimmy.Shimmy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LossyTopicTest {
    private static final String TOPIC = "lossy";
    private static final int CAPACITY = 4096;

    @TempDir
    Path dir;
    private Shimmy shimmy;
    private Publication publication;

    @BeforeEach
    void open() {
        shimmy = Topics.shimmy(dir);
        publication = shimmy.publication(TOPIC, new TopicConfig().capacity(CAPACITY).lossy(true));
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private void offer(final byte[] message, final long sequence) {
        TestMessages.encode(message, 1, sequence, message.length);
        assertThat(publication.offer(message, 0, message.length)).isPositive();
    }

    @Test
    void shouldSkipAheadAndCountTheLossWhenLapped() {
        final Subscription subscription = shimmy.subscription(TOPIC);
        final MessageVerifier verifier = new MessageVerifier(CAPACITY, true);
        final byte[] message = new byte[100];
        offer(message, 0);
        assertThat(subscription.poll(verifier, 10)).isEqualTo(1);
        for (int i = 1; i <= 100; i++) {
            offer(message, i);
        }

        while (subscription.poll(verifier, 10) > 0) {
            continue;
        }
        offer(message, 101);
        for (int i = 0; i < 200 && verifier.received() < 2; i++) {
            subscription.poll(verifier, 10);
        }

        assertThat(verifier.badChecksums()).as(verifier.summary()).isZero();
        assertThat(verifier.outOfOrder()).as(verifier.summary()).isZero();
        assertThat(verifier.next(1)).isEqualTo(102);
        assertThat(subscription.lostMessages()).isEqualTo(verifier.gaps()).isPositive();
        assertThat(subscription.messages() + subscription.lostMessages()).isEqualTo(102);
        assertThat(subscription.lostBytes()).isGreaterThanOrEqualTo(100L * 128 - CAPACITY);
        assertThat(TopicStatus.of(Topics.raw(dir, TOPIC)).lostMessages()).isEqualTo(subscription.lostMessages());
    }

    @Test
    @Timeout(60)
    void shouldNeverDeliverACorruptMessageToASlowSubscriber() throws InterruptedException {
        final Subscription subscription = shimmy.subscription(TOPIC);
        final MessageVerifier verifier = new MessageVerifier(CAPACITY, true);
        final AtomicLong delivered = new AtomicLong();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicLong published = new AtomicLong();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        final Thread publisher = new Thread(() -> {
            final Random random = new Random(1);
            final byte[] message = new byte[publication.maxMessageLength()];
            for (long sequence = 0; sequence < 300_000 || (delivered.get() < 10_000 && System.nanoTime() < deadline);
                sequence++) {
                final int length = TestMessages.MIN_LENGTH + random.nextInt(message.length - TestMessages.MIN_LENGTH);
                TestMessages.encode(message, 1, sequence, length);
                publication.offer(message, 0, length);
                published.incrementAndGet();
            }
            done.set(true);
        });
        publisher.start();
        final MessageHandler slow = (buffer, offset, length) -> {
            verifier.onMessage(buffer, offset, length);
            if (delivered.incrementAndGet() % 16 == 0) {
                Thread.yield();
            }
        };
        while (!done.get() || subscription.poll(slow, 100) > 0) {
            subscription.poll(slow, 100);
        }
        publisher.join();

        assertThat(published.get()).isGreaterThanOrEqualTo(300_000);
        assertThat(verifier.badChecksums()).as(verifier.summary()).isZero();
        assertThat(verifier.outOfOrder()).as(verifier.summary()).isZero();
        assertThat(verifier.received()).isGreaterThanOrEqualTo(10_000);
        assertThat(subscription.lostMessages()).as(verifier.summary()).isPositive().isEqualTo(verifier.gaps());
        assertThat(subscription.messages() + subscription.lostMessages())
            .isEqualTo(verifier.next(1) - verifier.first(1));
    }

    /**
     * Publisher A holds a claim at position 0 while publisher B fills the 4 KiB ring (62 short messages). B's next
     * message would lap A's open claim, and A's late writes would then land in it: B is held back instead
     * ({@code BACK_PRESSURED}), even on a lossy topic, until A commits. Then B's message goes through undamaged.
     */
    @Test
    void shouldHoldBackAPublisherThatWouldLapAnOpenClaimThenDeliverBothUndamaged() {
        final Publication lapped = shimmy.publication(TOPIC);
        final BufferClaim claim = new BufferClaim();
        assertThat(lapped.tryClaim(100, claim)).isEqualTo(128);
        for (int i = 0; i < 62; i++) {
            offer(new byte[40], i);
        }
        final Subscription subscription = shimmy.subscription(TOPIC);
        final byte[] message = new byte[40];
        TestMessages.encode(message, 1, 62, message.length);
        assertThat(publication.offer(message, 0, message.length)).isEqualTo(Publication.BACK_PRESSURED);

        claim.buffer().putBytes(claim.offset(), Topics.pattern(100, 666), 0, 100);
        assertThat(claim.commit()).isEqualTo(128);
        offer(message, 62);

        final MessageVerifier verifier = new MessageVerifier(CAPACITY, true);
        while (subscription.poll(verifier, 10) > 0) {
            continue;
        }
        assertThat(verifier.badChecksums()).as(verifier.summary()).isZero();
        assertThat(verifier.received()).isEqualTo(1);
    }

    /**
     * As above, but A aborts its claim: B, held back until then, publishes afterwards, and a subscriber is handed
     * B's message with the length B published.
     */
    @Test
    void shouldNotLetAnAbortedClaimChangeALaterRecord() {
        final Publication lapped = shimmy.publication(TOPIC);
        final BufferClaim claim = new BufferClaim();
        assertThat(lapped.tryClaim(100, claim)).isEqualTo(128);
        for (int i = 0; i < 62; i++) {
            offer(new byte[40], i);
        }
        final Subscription subscription = shimmy.subscription(TOPIC);
        assertThat(publication.offer(new byte[40], 0, 40)).isEqualTo(Publication.BACK_PRESSURED);

        claim.abort();
        offer(new byte[40], 62);

        final MessageVerifier verifier = new MessageVerifier(CAPACITY, true);
        while (subscription.poll(verifier, 10) > 0) {
            continue;
        }
        assertThat(verifier.badChecksums()).as(verifier.summary()).isZero();
        assertThat(verifier.received()).isEqualTo(1);
    }
}
