package io.shimmy.topic;

import io.shimmy.Shimmy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four publisher threads, each with its own publication, and two subscriber threads on one reliable topic: every
 * subscriber gets every message exactly once, each publisher's messages in order, every checksum valid. The small
 * ring keeps publishers back-pressured and wraps every few messages.
 */
class TopicStressTest {
    private static final int PUBLISHERS = 4;
    private static final int SUBSCRIBERS = 2;
    private static final int MESSAGES = 200_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "capacity {0}, messages up to {1} bytes")
    @CsvSource({"65536, 1000", "4096, 512"})
    @Timeout(180)
    void shouldDeliverEveryMessageOnceInPublisherOrderToEverySubscriber(final int capacity, final int maxLength)
        throws InterruptedException {
        final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final AtomicBoolean failed = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        final List<MessageVerifier> verifiers = new ArrayList<>();
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            shimmy.publication("stress", new TopicConfig().capacity(capacity).maxMessageLength(maxLength)).close();
            for (int s = 0; s < SUBSCRIBERS; s++) {
                final Subscription subscription = shimmy.subscription("stress");
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
                final Publication publication = shimmy.publication("stress");
                final int id = p;
                threads.add(new Thread(() -> {
                    final Random random = new Random(id);
                    final byte[] message = new byte[maxLength];
                    for (long sequence = 0; sequence < MESSAGES && !failed.get(); sequence++) {
                        final int length = TestMessages.MIN_LENGTH +
                            random.nextInt(maxLength - TestMessages.MIN_LENGTH + 1);
                        TestMessages.encode(message, id, sequence, length);
                        long result;
                        while ((result = publication.offer(message, 0, length)) == Publication.BACK_PRESSURED &&
                            !failed.get()) {
                            Thread.yield();
                        }
                        if (result < 0 && !failed.get()) {
                            throw new AssertionError("offer returned " + result);
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
                assertThat(verifier.gaps()).as(verifier.summary()).isZero();
                assertThat(verifier.received()).isEqualTo((long)PUBLISHERS * MESSAGES);
                for (int p = 1; p <= PUBLISHERS; p++) {
                    assertThat(verifier.count(p)).as("messages of publisher %d", p).isEqualTo(MESSAGES);
                    assertThat(verifier.next(p)).isEqualTo(MESSAGES);
                }
            }
            final TopicStatus status = TopicStatus.read(dir, "stress");
            assertThat(status.messages()).isEqualTo((long)PUBLISHERS * MESSAGES);
            assertThat(status.lostMessages()).isZero();
            assertThat(status.failed()).isFalse();
            assertThat(status.errors()).isEmpty();
        }
    }
}
