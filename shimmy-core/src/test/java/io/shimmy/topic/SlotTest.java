package io.shimmy.topic;

import io.shimmy.ChannelLimitException;
import io.shimmy.Shimmy;
import io.shimmy.region.Keepalive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.shimmy.topic.TopicDescriptor.SLOT_LENGTH;
import static io.shimmy.topic.TopicDescriptor.SLOT_STATE_OFFSET;
import static io.shimmy.topic.TopicDescriptor.STATE_ACTIVE;
import static io.shimmy.topic.TopicDescriptor.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlotTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void shouldNotEvictASubscriberWhileItJoins() throws InterruptedException {
        final int joins = 250;
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Publication publication =
                shimmy.publication("joining", new TopicConfig().capacity(4096).maxSubscribers(joins + 1));
            final TopicFile raw = Topics.raw(dir, "joining");
            shimmy.subscription("joining");
            while (publication.offer(new byte[100], 0, 100) > 0) {
                continue;
            }
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread pressured = new Thread(() -> {
                while (running.get()) {
                    publication.offer(new byte[100], 0, 100);
                }
            });
            pressured.start();
            final List<Integer> evicted = new ArrayList<>();
            try {
                for (int i = 1; i <= joins; i++) {
                    shimmy.subscription("joining");
                    final int slot = raw.subscribersOffset() + i * SLOT_LENGTH;
                    if (state(raw.buffer().getLongVolatile(slot + SLOT_STATE_OFFSET)) != STATE_ACTIVE) {
                        evicted.add(i);
                    }
                }
            } finally {
                running.set(false);
                pressured.join();
            }

            assertThat(evicted).as("slots evicted while their subscriber joined").isEmpty();
        }
    }

    @Test
    void shouldRefuseMoreLivePartiesThanSlots() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            shimmy.publication("full", new TopicConfig().capacity(4096).maxPublishers(1).maxSubscribers(1));
            shimmy.subscription("full");

            assertThatThrownBy(() -> shimmy.publication("full"))
                .isInstanceOf(ChannelLimitException.class)
                .hasMessageContaining("'full'")
                .hasMessageContaining("all 1 publisher slots")
                .hasMessageContaining("maxPublishers");
            assertThatThrownBy(() -> shimmy.subscription("full"))
                .isInstanceOf(ChannelLimitException.class)
                .hasMessageContaining("all 1 subscriber slots")
                .hasMessageContaining("maxSubscribers");
        }
    }

    @Test
    @Timeout(30)
    void shouldTakeOverSlotsWhoseOwnersStoppedHeartbeating() throws InterruptedException {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            shimmy.publication("takeover", new TopicConfig().capacity(4096).maxPublishers(1).maxSubscribers(1)
                .livenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(20))).close();
            final Keepalive stopped = new Keepalive();
            final Publication dead = new Publication(Topics.raw(dir, "takeover"), stopped);
            dead.offer(new byte[10], 0, 10);
            dead.offer(new byte[10], 0, 10);
            new Subscription(Topics.raw(dir, "takeover"), stopped, new SubscriptionConfig().name("dead"),
                "backoff");
            stopped.close();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (TopicStatus.read(dir, "takeover").inUse() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            final Publication successor = shimmy.publication("takeover");
            final Subscription subscription = shimmy.subscription("takeover");
            successor.offer(new byte[10], 0, 10);

            assertThat(Topics.drain(subscription)).hasSize(1);
            assertThat(subscription.lostMessages()).isZero();
            final TopicStatus status = TopicStatus.read(dir, "takeover");
            assertThat(status.publishers()).singleElement().satisfies(party -> {
                assertThat(party.alive()).isTrue();
                assertThat(party.messages()).isEqualTo(3);
            });
            assertThat(status.subscribers()).singleElement().satisfies(party -> {
                assertThat(party.alive()).isTrue();
                assertThat(party.name()).isEmpty();
            });
            assertThat(status.messages()).isEqualTo(3);
            assertThat(status.bytes()).isEqualTo(30);
        }
    }

    @Test
    void shouldContinueAPublisherSlotsSequenceSoThatReuseIsNoLoss() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Publication first = shimmy.publication("reuse", new TopicConfig().capacity(4096).maxPublishers(1));
            final Subscription subscription = shimmy.subscription("reuse");
            for (int round = 0; round < 3; round++) {
                final Publication publication = round == 0 ? first : shimmy.publication("reuse");
                for (int i = 0; i < 5; i++) {
                    publication.offer(new byte[10], 0, 10);
                }
                publication.close();
                assertThat(Topics.drain(subscription)).hasSize(5);
            }

            assertThat(subscription.lostMessages()).isZero();
            assertThat(subscription.messages()).isEqualTo(15);
        }
    }
}
