package io.shimmy.topic;

import io.shimmy.ChannelLimitException;
import io.shimmy.Shimmy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
}
