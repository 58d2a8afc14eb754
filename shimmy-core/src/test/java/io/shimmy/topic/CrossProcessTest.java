package io.shimmy.topic;

import io.shimmy.Shimmy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Publishers and subscribers in separate JVMs started with no JVM flags ({@link ChildJvm}), some killed with
 * SIGKILL in the middle of their work.
 */
@Timeout(120)
class CrossProcessTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static void create(final Path dir, final String name, final TopicConfig config) {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            shimmy.publication(name, config).close();
        }
    }

    @Test
    void shouldExchangeMessagesBetweenChildJvmsStartedWithoutJvmFlags() throws Exception {
        create(dir, "plain", new TopicConfig().capacity(64 * 1024));
        final List<String> command = ChildJvm.javaCommand("subscribe", dir.toString(), "plain", "10000", "300");
        assertThat(command.subList(1, 4))
            .containsExactly("-cp", System.getProperty("java.class.path"), ChildProcess.class.getName());

        try (ChildJvm subscriber = ChildJvm.start("subscribe", dir.toString(), "plain", "10000", "300")) {
            subscriber.awaitLine("READY", START);
            try (ChildJvm publisher = ChildJvm.start("publish", dir.toString(), "plain", "7", "10000", "300")) {
                assertThat(publisher.awaitLine("PUBLISHED", RUN)).isEqualTo("PUBLISHED 10000");
                assertThat(subscriber.awaitLine("RESULT", RUN))
                    .startsWith("RESULT received=10000 bad=0 outOfOrder=0 gaps=0 lost=0");
                assertThat(publisher.awaitExit(RUN)).as(publisher.describe()).isZero();
                assertThat(subscriber.awaitExit(RUN)).as(subscriber.describe()).isZero();
            }
        }
    }

    @Test
    void shouldFanOutEveryMessageInOrderToThreeSubscriberProcesses() throws Exception {
        final int messages = 50_000;
        create(dir, "fanout", new TopicConfig().capacity(64 * 1024));
        final List<ChildJvm> subscribers = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                subscribers.add(ChildJvm.start("subscribe", dir.toString(), "fanout", String.valueOf(messages),
                    "1000"));
            }
            for (final ChildJvm subscriber : subscribers) {
                subscriber.awaitLine("READY", START);
            }
            try (ChildJvm publisher = ChildJvm.start("publish", dir.toString(), "fanout", "3",
                String.valueOf(messages), "1000")) {
                assertThat(publisher.awaitLine("PUBLISHED", RUN)).isEqualTo("PUBLISHED " + messages);
                for (final ChildJvm subscriber : subscribers) {
                    assertThat(subscriber.awaitLine("RESULT", RUN)).as(subscriber.describe())
                        .startsWith("RESULT received=" + messages + " bad=0 outOfOrder=0 gaps=0 lost=0");
                    assertThat(subscriber.awaitExit(RUN)).isZero();
                }
            }
        } finally {
            for (final ChildJvm subscriber : subscribers) {
                subscriber.close();
            }
        }
        final TopicStatus status = TopicStatus.read(dir, "fanout");
        assertThat(status.messages()).isEqualTo(messages);
        assertThat(status.inUse()).isFalse();
    }

    @Test
    void shouldDeliverEverythingKilledPublishersCommittedWholeAndThenTheNextPublishersMessages() throws Exception {
        create(dir, "crash", new TopicConfig().capacity(64 * 1024).maxMessageLength(2000)
            .unblockTimeoutNs(TimeUnit.MILLISECONDS.toNanos(200)).livenessTimeoutNs(TimeUnit.SECONDS.toNanos(2)));
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Subscription subscription = shimmy.subscription("crash");
            final MessageVerifier verifier = new MessageVerifier(2000, false);
            try (ChildJvm streaming = ChildJvm.start("publish", dir.toString(), "crash", "1", "-1", "2000")) {
                streaming.awaitLine("READY", START);
                pollUntil(subscription, verifier, 1, 20_000);
                assertThat(verifier.count(1)).as(streaming.describe()).isGreaterThanOrEqualTo(20_000);
                streaming.kill();
            }
            final long committed = TopicStatus.read(dir, "crash").publishers().stream()
                .mapToLong(TopicStatus.Party::messages).sum();
            try (ChildJvm midWrite = ChildJvm.start("publish-then-hang", dir.toString(), "crash", "2", "3000",
                "2000")) {
                final long deadline = System.nanoTime() + RUN.toNanos();
                String claimed = null;
                while (claimed == null && midWrite.process().isAlive() && System.nanoTime() < deadline) {
                    if (subscription.poll(verifier, 100) == 0) {
                        Thread.yield();
                    }
                    claimed = midWrite.pollLine("CLAIMED");
                }
                assertThat(claimed).as(midWrite.describe()).isEqualTo("CLAIMED 3000");
                midWrite.kill();
            }
            try (ChildJvm successor = ChildJvm.start("publish", dir.toString(), "crash", "3", "5000", "2000")) {
                pollUntil(subscription, verifier, 3, 5000);
                assertThat(successor.awaitLine("PUBLISHED", RUN)).isEqualTo("PUBLISHED 5000");
            }

            assertThat(verifier.badChecksums()).as(verifier.summary()).isZero();
            assertThat(verifier.outOfOrder()).as(verifier.summary()).isZero();
            assertThat(verifier.gaps()).as(verifier.summary()).isZero();
            assertThat(verifier.count(1)).as("messages of the publisher killed while streaming, which committed %d",
                committed).isEqualTo(verifier.next(1)).isGreaterThanOrEqualTo(committed);
            assertThat(verifier.count(2)).as(verifier.summary()).isEqualTo(3000);
            assertThat(verifier.count(3)).as(verifier.summary()).isEqualTo(5000);
            assertThat(subscription.lostMessages()).isZero();
            final TopicStatus status = TopicStatus.read(dir, "crash");
            assertThat(status.failed()).isFalse();
            assertThat(status.errors()).anyMatch(entry -> entry.text().contains("reclaimed an abandoned claim"));
        }
    }

    private static void pollUntil(final Subscription subscription, final MessageVerifier verifier,
        final int publisher, final long count) {
        final long deadline = System.nanoTime() + RUN.toNanos();
        while (verifier.count(publisher) < count && verifier.badChecksums() == 0 && System.nanoTime() < deadline) {
            final int polled = subscription.poll(verifier, 100);
            assertThat(polled).isNotNegative();
            if (polled == 0) {
                Thread.yield();
            }
        }
    }

    @Test
    void shouldLetAReliablePublisherPastASubscriberKilledWithSigkill() throws Exception {
        final int capacity = 64 * 1024;
        create(dir, "stuck",
            new TopicConfig().capacity(capacity).livenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300)));
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Publication publication = shimmy.publication("stuck");
            final byte[] message = new byte[100];
            try (ChildJvm subscriber = ChildJvm.start("hold-subscription", dir.toString(), "stuck")) {
                assertThat(subscriber.awaitLine("READY", START)).isEqualTo("READY 0");
                long result = 0;
                final long heldUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (System.nanoTime() < heldUntil) {
                    result = publication.offer(message, 0, message.length);
                    if (result < 0) {
                        Thread.sleep(1);
                    }
                }
                assertThat(result).as("held back for over 3 liveness timeouts by a live subscriber")
                    .isEqualTo(Publication.BACK_PRESSURED);
                assertThat(publication.position()).isEqualTo(capacity);

                subscriber.kill();
            }
            final long deadline = System.nanoTime() + RUN.toNanos();
            while (publication.position() < 4L * capacity && System.nanoTime() < deadline) {
                if (publication.offer(message, 0, message.length) < 0) {
                    Thread.sleep(1);
                }
            }

            assertThat(publication.position()).isGreaterThanOrEqualTo(4L * capacity);
            final TopicStatus status = TopicStatus.read(dir, "stuck");
            assertThat(status.subscribers()).singleElement().satisfies(party -> {
                assertThat(party.evicted()).isTrue();
                assertThat(party.alive()).isFalse();
            });
            assertThat(status.errors()).anyMatch(entry -> entry.text().contains("evicted subscriber in slot 0"));
        }
    }
}
