package io.shimmy.topic;

import io.shimmy.Shimmy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishers that now and then hold a claim past the unblock timeout while other publishers and subscribers keep
 * going: subscribers reclaim those claims concurrently (fencing claims of other publishers in flight), the stalled
 * publishers learn it from {@link BufferClaim#commit()} and publish again, and every subscriber still gets every
 * message exactly once and in order.
 */
class ReclaimStressTest {
    private static final int PUBLISHERS = 3;
    private static final int SUBSCRIBERS = 2;
    private static final int MESSAGES = 50_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void shouldDeliverEveryMessageOnceWhileStalledClaimsAreReclaimed() throws InterruptedException {
        final int maxLength = 512;
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final AtomicBoolean failed = new AtomicBoolean();
        final AtomicLong reclaimed = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();
        final List<MessageVerifier> verifiers = new ArrayList<>();
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            shimmy.publication("reclaim", new TopicConfig().capacity(16 * 1024).maxMessageLength(maxLength)
                .unblockTimeoutNs(TimeUnit.MILLISECONDS.toNanos(10))).close();
            for (int s = 0; s < SUBSCRIBERS; s++) {
                final Subscription subscription = shimmy.subscription("reclaim");
                final MessageVerifier verifier = new MessageVerifier(maxLength, false);
                verifiers.add(verifier);
                threads.add(new Thread(() -> {
                    while (verifier.received() < (long)PUBLISHERS * MESSAGES && !failed.get()) {
                        final int count = subscription.poll(verifier, 64);
                        if (count < 0) {
                            throw new AssertionError("poll returned " + count);
                        }
                        if (count == 0) {
                            Thread.yield();
                        }
                    }
                }, "subscriber-" + s));
            }
            for (int p = 1; p <= PUBLISHERS; p++) {
                final Publication publication = shimmy.publication("reclaim");
                final int id = p;
                threads.add(new Thread(() -> {
                    final Random random = new Random(id);
                    final byte[] message = new byte[maxLength];
                    final BufferClaim claim = new BufferClaim();
                    long sequence = 0;
                    while (sequence < MESSAGES && !failed.get()) {
                        final int length = TestMessages.MIN_LENGTH +
                            random.nextInt(maxLength - TestMessages.MIN_LENGTH + 1);
                        TestMessages.encode(message, id, sequence, length);
                        if (publication.tryClaim(length, claim) < 0) {
                            Thread.yield();
                            continue;
                        }
                        claim.buffer().putBytes(claim.offset(), message, 0, length);
                        if (random.nextInt(1000) == 0) {
                            sleep(30);
                        }
                        final long result = claim.commit();
                        if (result == Publication.CLAIM_RECLAIMED) {
                            reclaimed.incrementAndGet();
                        } else if (result < 0) {
                            throw new AssertionError("commit returned " + result);
                        } else {
                            sequence++;
                        }
                    }
                }, "publisher-" + p));
            }
            for (final Thread thread : threads) {
                thread.setUncaughtExceptionHandler((t, ex) -> {
                    failures.add(ex);
                    failed.set(true);
                });
                thread.start();
            }
            for (final Thread thread : threads) {
                thread.join();
            }

            assertThat(failures).isEmpty();
            for (final MessageVerifier verifier : verifiers) {
                assertThat(verifier.badChecksums()).as(verifier.summary()).isZero();
                assertThat(verifier.outOfOrder()).as(verifier.summary()).isZero();
                assertThat(verifier.received()).as(verifier.summary()).isEqualTo((long)PUBLISHERS * MESSAGES);
            }
            final TopicStatus status = TopicStatus.read(dir, "reclaim");
            assertThat(status.failed()).as(status.errors().toString()).isFalse();
            assertThat(reclaimed.get()).isPositive();
            assertThat(status.errors()).anyMatch(entry -> entry.text().contains("reclaimed an abandoned claim"));
        }
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
