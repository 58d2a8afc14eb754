package io.shimmy.bench.jmh;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A topic in a fresh directory under {@code /dev/shm} with one publication and, if asked, one subscription, for the
 * benchmarks' trial setup; closing it removes the directory.
 */
final class TopicFixture implements AutoCloseable {
    /** Ring capacity of the benchmark topic. */
    static final int CAPACITY = 1 << 20;
    /** Longest message the benchmarks offer. */
    static final int MAX_MESSAGE = 4096;

    private final Path dir;
    private final Shimmy shimmy;
    private final Publication publication;
    private final Subscription subscription;

    TopicFixture(final boolean subscribe) {
        try {
            dir = Files.createTempDirectory(Path.of("/dev/shm"), "shimmy-jmh-");
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        shimmy = Shimmy.open(new ShimmyContext().dir(dir));
        final TopicConfig config = new TopicConfig().capacity(CAPACITY).maxMessageLength(MAX_MESSAGE);
        publication = shimmy.publication("jmh", config);
        subscription = subscribe ? shimmy.subscription("jmh", config, new SubscriptionConfig().name("jmh")) : null;
    }

    Publication publication() {
        return publication;
    }

    Subscription subscription() {
        return subscription;
    }

    Path topicPath() {
        return dir.resolve("jmh");
    }

    @Override
    public void close() throws IOException {
        shimmy.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
