package io.shimmy.region;

import io.shimmy.IncompatibleChannelException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConcurrentCreationTest {
    @TempDir
    Path root;

    @Test
    @Timeout(60)
    void shouldCreateATopicOnceWhenManyInstancesRaceForIt() throws Exception {
        for (int round = 0; round < 20; round++) {
            final Path dir = root.resolve("round-" + round);
            final CountDownLatch start = new CountDownLatch(1);
            final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            final ConcurrentLinkedQueue<Boolean> created = new ConcurrentLinkedQueue<>();
            final List<Thread> threads = new ArrayList<>();
            final List<Shimmy> instances = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                final Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir).preTouch(false));
                instances.add(shimmy);
                final boolean subscriber = t % 2 == 0;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                        final TopicConfig config = new TopicConfig().capacity(8192);
                        if (subscriber) {
                            final Subscription subscription =
                                shimmy.subscription("race", config, new SubscriptionConfig());
                            created.add(subscription.topic().equals("race"));
                        } else {
                            final Publication publication = shimmy.publication("race", config);
                            created.add(publication.offer(new byte[8], 0, 8) > 0);
                        }
                    } catch (final Throwable ex) {
                        failures.add(ex);
                    }
                }));
            }
            threads.forEach(Thread::start);
            start.countDown();
            for (final Thread thread : threads) {
                thread.join();
            }
            instances.forEach(Shimmy::close);

            assertThat(failures).isEmpty();
            assertThat(created).hasSize(6).containsOnly(true);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files).containsExactly(dir.resolve("race"));
            }
        }
    }

    @Test
    void shouldRefuseTheLoserOfACreationRaceWhoAskedForOtherOptions() {
        final Path dir = root.resolve("options");
        try (Shimmy first = Shimmy.open(new ShimmyContext().dir(dir));
             Shimmy second = Shimmy.open(new ShimmyContext().dir(dir))) {
            first.publication("opts", new TopicConfig().capacity(8192));

            assertThatThrownBy(() -> second.publication("opts", new TopicConfig().capacity(16384)))
                .isInstanceOf(IncompatibleChannelException.class)
                .hasMessageContaining("capacity 8k but opened asking 16k");
        }
    }

    @Test
    void shouldSayWhenTheChannelDirectoryIsAFile() throws IOException {
        final Path notADirectory = Files.write(root.resolve("file"), new byte[1]);

        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(notADirectory))) {
            assertThatThrownBy(() -> shimmy.publication("x"))
                .isInstanceOf(ShimmyException.class)
                .hasMessageContaining("not a directory");
        }
    }
}
