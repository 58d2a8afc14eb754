package io.shimmy;

import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One mapping per topic and {@code Shimmy} instance, however often its publications and subscriptions come and
 * go: mappings are released only by the garbage collector, so mapping (and pre-touching) the file for every party
 * made a process that subscribes and unsubscribes grow by the topic's size each time (the soak test's churning
 * subscribers grew by 1 MiB per membership).
 */
class TopicMappingTest {
    @TempDir
    Path dir;

    /** Mappings of files in the directory (the creator's shows its temporary name, since unlinked). */
    private long mappingsIn(final Path directory) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .filter(line -> line.contains(directory + "/")).count();
    }

    @Test
    void shouldMapATopicOnceHoweverOftenSubscriptionsComeAndGo() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs /proc/self/maps");
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Publication publication = shimmy.publication("churn", new TopicConfig().capacity(64 * 1024))) {
            final List<Subscription> kept = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                final Subscription subscription = shimmy.subscription("churn");
                if (i % 50 == 0) {
                    kept.add(subscription);
                } else {
                    subscription.close();
                }
            }

            assertThat(mappingsIn(dir)).isEqualTo(1);
            publication.offer(new byte[8], 0, 8);
            for (final Subscription subscription : kept) {
                assertThat(subscription.poll((buffer, offset, length) -> { }, 10)).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldMapAgainATopicThatWasRemovedAndRecreated() throws IOException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            shimmy.subscription("again", new TopicConfig().capacity(4096), new SubscriptionConfig()).close();
            Files.delete(dir.resolve("again"));
            try (Shimmy creator = Shimmy.open(new ShimmyContext().dir(dir));
                 Publication publication = creator.publication("again", new TopicConfig().capacity(8192))) {
                final Subscription subscription =
                    shimmy.subscription("again", new SubscriptionConfig().start(StartPosition.EARLIEST));
                publication.offer(new byte[8], 0, 8);

                assertThat(subscription.poll((buffer, offset, length) -> { }, 10)).isEqualTo(1);
            }
        }
    }

    @Test
    void shouldStillCheckOptionsAndTheFailedMarkWhenReusingAMapping() {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            shimmy.publication("checked", new TopicConfig().capacity(4096)).close();

            assertThatThrownBy(() -> shimmy.publication("checked", new TopicConfig().capacity(8192)))
                .isInstanceOf(IncompatibleChannelException.class).hasMessageContaining("capacity 4k");
            TopicFile.open(dir, "checked", null, false, null, false).channelFile().errorLog()
                .fail("marked failed by the test");

            assertThatThrownBy(() -> shimmy.subscription("checked")).isInstanceOf(CorruptChannelException.class)
                .hasMessageContaining("marked failed by the test");
        }
    }
}
