package io.shimmy.topic;

import io.shimmy.Shimmy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TopicStatusTest {
    @TempDir
    Path dir;

    @Test
    void shouldDescribeTheTopicAndEveryPartyInUse() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Publication publication = shimmy.publication("status", new TopicConfig().capacity(8192)
                .maxMessageLength(256).livenessTimeoutNs(TimeUnit.SECONDS.toNanos(3)));
            final Subscription reader = shimmy.subscription("status", new SubscriptionConfig().name("reader"));
            final Subscription idle = shimmy.subscription("status", new SubscriptionConfig().name("idle"));
            for (int i = 0; i < 4; i++) {
                publication.offer(new byte[50], 0, 50);
            }
            assertThat(Topics.drain(reader)).hasSize(4);

            final TopicStatus status = TopicStatus.read(dir, "status");

            assertThat(status.name()).isEqualTo("status");
            assertThat(status.capacity()).isEqualTo(8192);
            assertThat(status.maxMessageLength()).isEqualTo(256);
            assertThat(status.lossy()).isFalse();
            assertThat(status.replica()).isFalse();
            assertThat(status.livenessTimeoutNs()).isEqualTo(TimeUnit.SECONDS.toNanos(3));
            assertThat(status.tail()).isEqualTo(4 * 96);
            assertThat(status.messages()).isEqualTo(4);
            assertThat(status.bytes()).isEqualTo(200);
            assertThat(status.failed()).isFalse();
            assertThat(status.errors()).isEmpty();
            assertThat(status.inUse()).isTrue();
            assertThat(status.publishers()).singleElement().satisfies(party -> {
                assertThat(party.alive()).isTrue();
                assertThat(party.pid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(party.messages()).isEqualTo(4);
                assertThat(party.bytes()).isEqualTo(200);
            });
            assertThat(status.subscribers()).extracting(TopicStatus.Party::name).containsExactly("reader", "idle");
            assertThat(status.subscribers().get(0).position()).isEqualTo(384);
            assertThat(status.subscribers().get(0).lag()).isZero();
            assertThat(status.subscribers().get(0).messages()).isEqualTo(4);
            assertThat(status.subscribers().get(1).position()).isZero();
            assertThat(status.subscribers().get(1).lag()).isEqualTo(384);
            assertThat(idle.position()).isZero();
        }
    }

    @Test
    void shouldKeepCountsOfPartiesThatLeft() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            final Publication first = shimmy.publication("retired", new TopicConfig().capacity(4096));
            for (int i = 0; i < 3; i++) {
                first.offer(new byte[10], 0, 10);
            }
            first.close();
            final Publication second = shimmy.publication("retired");
            second.offer(new byte[10], 0, 10);

            final TopicStatus status = TopicStatus.read(dir, "retired");

            assertThat(status.messages()).isEqualTo(4);
            assertThat(status.bytes()).isEqualTo(40);
            assertThat(status.publishers()).singleElement()
                .satisfies(party -> assertThat(party.messages()).isEqualTo(4));
        }
    }

    @Test
    void shouldShowNoLivePartyOnceEverythingIsClosed() {
        try (Shimmy shimmy = Topics.shimmy(dir)) {
            shimmy.publication("closed", new TopicConfig().capacity(4096));
            shimmy.subscription("closed");
        }

        final TopicStatus status = TopicStatus.read(dir, "closed");

        assertThat(status.inUse()).isFalse();
        assertThat(status.publishers()).isEmpty();
        assertThat(status.subscribers()).isEmpty();
    }
}
