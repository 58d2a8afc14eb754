package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static io.shimmy.topic.TopicDescriptor.NO_CLAIM;
import static io.shimmy.topic.TopicDescriptor.PUBLISHERS_OFFSET;
import static io.shimmy.topic.TopicDescriptor.PUB_CLAIM_OFFSET;
import static io.shimmy.topic.TopicDescriptor.SLOT_LENGTH;
import static io.shimmy.topic.TopicDescriptor.WAITERS_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL at random points: publishers mid-offer or mid-zero-copy-write (so mid-claim, mid-write and mid-commit),
 * subscribers mid-poll, mid-join or leave, and asleep on the futex, while a publisher and two subscribers of the
 * test's own JVM survive. Each scenario runs {@code shimmy.crash.rounds} rounds (default 3; the full run uses 100,
 * see docs/reliability.md) on one reliable topic, whose four publisher and six subscriber slots the dead keep taking
 * over. Every message carries a checksum. Afterwards the survivors have received, whole and exactly once and in
 * order, every message of the survivor publisher and every message each killed publisher committed before dying;
 * no killed child ever received a torn message; publishers got past every dead subscriber.
 */
@Timeout(value = 2, unit = TimeUnit.HOURS)
class CrashTest {
    private static final int ROUNDS = Integer.getInteger("shimmy.crash.rounds", 3);
    private static final int MAX_LENGTH = 3000;
    private static final int CAPACITY = 64 * 1024;
    private static final Duration START = Duration.ofSeconds(60);
    private static final long SETTLE_MS = TimeUnit.SECONDS.toMillis(60);
    private static final String TOPIC = "crash";

    @TempDir
    Path dir;
    private final Random random = new Random();

    private static TopicConfig config() {
        return new TopicConfig().capacity(CAPACITY).maxMessageLength(4000).maxPublishers(4).maxSubscribers(6)
            .livenessTimeoutNs(TimeUnit.SECONDS.toNanos(1)).unblockTimeoutNs(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void shouldDeliverEveryCommittedMessageOfPublishersKilledMidOffer() throws Exception {
        killPublishers("offer");
    }

    @Test
    void shouldDeliverEveryCommittedMessageOfPublishersKilledMidZeroCopyWrite() throws Exception {
        killPublishers("claim");
    }

    private void killPublishers(final String mode) throws Exception {
        int openClaims = 0;
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            final LiveTraffic survivors = new LiveTraffic(shimmy, TOPIC, config(), 2, MAX_LENGTH);
            final TopicFile raw = Topics.raw(dir, TOPIC);
            try {
                final long[] committed = new long[ROUNDS + 1];
                for (int round = 1; round <= ROUNDS; round++) {
                    try (ChildJvm child = ChildJvm.start(CrashChild.class, "publish", dir.toString(), TOPIC,
                        String.valueOf(round), String.valueOf(MAX_LENGTH), mode)) {
                        final String ready = child.awaitLine("READY", START);
                        final int slot = Integer.parseInt(field(ready, "slot"));
                        final long base = Long.parseLong(field(ready, "base"));
                        Thread.sleep(random.nextInt(300));
                        child.kill();
                        final TopicStatus.Party dead = TopicStatus.of(raw).publishers().stream()
                            .filter(party -> party.slot() == slot).findFirst().orElseThrow();
                        committed[round] = dead.messages() - base;
                        if (raw.buffer().getLongVolatile(PUBLISHERS_OFFSET + slot * SLOT_LENGTH + PUB_CLAIM_OFFSET) !=
                            NO_CLAIM) {
                            openClaims++;
                        }
                        assertThat(child.describe()).doesNotContain("BAD");
                    }
                    assertThat(survivors.awaitRead(survivors.tail(), SETTLE_MS)).as("survivors reached the tail; %s",
                        survivors.failures()).isTrue();
                }
                survivors.close();
                assertThat(survivors.failures()).isEmpty();
                for (final MessageVerifier verifier : survivors.verifiers()) {
                    assertWholeAndInOrder(verifier);
                    assertThat(verifier.count(0)).isEqualTo(survivors.published());
                    for (int round = 1; round <= ROUNDS; round++) {
                        assertThat(verifier.count(round)).as("messages of the publisher killed in round %d, which " +
                            "committed %d", round, committed[round]).isEqualTo(verifier.next(round))
                            .isBetween(committed[round], committed[round] + 1);
                    }
                }
                assertThat(TopicStatus.of(raw).failed()).isFalse();
            } finally {
                survivors.close();
            }
        }
        System.out.println("crash suite: " + ROUNDS + " publishers killed mid-" +
            ("claim".equals(mode) ? "zero-copy write" : "offer") + ", " + openClaims +
            " of them with a claim open (between claim and commit)");
    }

    @Test
    void shouldGetPastSubscribersKilledMidPoll() throws Exception {
        killSubscribers("subscribe");
    }

    @Test
    void shouldGetPastSubscribersKilledMidJoinOrLeave() throws Exception {
        killSubscribers("join-leave");
    }

    @Test
    void shouldGetPastSubscribersKilledAsleepOnTheFutex() throws Exception {
        killSubscribers("sleep");
    }

    private void killSubscribers(final String command) throws Exception {
        int asleep = 0;
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            final LiveTraffic survivors = new LiveTraffic(shimmy, TOPIC, config(), 2, MAX_LENGTH);
            final TopicFile raw = Topics.raw(dir, TOPIC);
            try {
                for (int round = 1; round <= ROUNDS; round++) {
                    final boolean sleeping = command.equals("sleep");
                    survivors.paused(sleeping);
                    try (ChildJvm child = ChildJvm.start(CrashChild.class, command, dir.toString(), TOPIC)) {
                        child.awaitLine("READY", START);
                        if (sleeping) {
                            survivors.awaitRead(survivors.tail(), SETTLE_MS);
                            awaitWaiter(raw);
                        }
                        Thread.sleep(random.nextInt(300));
                        if (sleeping && raw.buffer().getIntVolatile(WAITERS_OFFSET) > 0) {
                            asleep++;
                        }
                        child.kill();
                        assertThat(child.describe()).doesNotContain("BAD");
                    }
                    survivors.paused(false);
                    final long from = survivors.tail();
                    final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
                    while (survivors.tail() < from + 2L * CAPACITY && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    assertThat(survivors.tail()).as("the survivor publisher got past the dead subscriber; %s",
                        survivors.failures()).isGreaterThanOrEqualTo(from + 2L * CAPACITY);
                    assertThat(survivors.awaitRead(survivors.tail(), SETTLE_MS)).isTrue();
                }
                survivors.close();
                assertThat(survivors.failures()).isEmpty();
                for (final MessageVerifier verifier : survivors.verifiers()) {
                    assertWholeAndInOrder(verifier);
                    assertThat(verifier.count(0)).isEqualTo(survivors.published());
                }
                if (command.equals("sleep")) {
                    assertThat(raw.buffer().getIntVolatile(WAITERS_OFFSET)).as("dead sleepers' announcements were " +
                        "withdrawn when they were evicted").isZero();
                }
                assertThat(TopicStatus.of(raw).failed()).isFalse();
            } finally {
                survivors.close();
            }
        }
        System.out.println("crash suite: " + ROUNDS + " subscribers killed (" + command + ")" +
            (command.equals("sleep") ? ", " + asleep + " of them asleep on the futex" : ""));
    }

    private static void awaitWaiter(final TopicFile raw) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (raw.buffer().getIntVolatile(WAITERS_OFFSET) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static void assertWholeAndInOrder(final MessageVerifier verifier) {
        assertThat(verifier.badChecksums()).as(verifier.summary()).isZero();
        assertThat(verifier.outOfOrder()).as(verifier.summary()).isZero();
        assertThat(verifier.gaps()).as(verifier.summary()).isZero();
    }

    private static String field(final String line, final String name) {
        for (final String part : line.split(" ")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + line);
    }
}
