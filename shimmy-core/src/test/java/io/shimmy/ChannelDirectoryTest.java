package io.shimmy;

import io.shimmy.region.ChannelKind;
import io.shimmy.region.Keepalive;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicFile;
import io.shimmy.topic.TopicStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelDirectoryTest {
    @TempDir
    Path dir;
    @TempDir
    Path elsewhere;

    private Shimmy shimmy() {
        return Shimmy.open(new ShimmyContext().dir(dir));
    }

    private static TopicConfig small() {
        return new TopicConfig().capacity(4096);
    }

    /** Leaves a topic whose publisher and subscriber stopped heartbeating without closing: their process died. */
    private void topicWithDeadParties(final String name) throws InterruptedException {
        try (Shimmy shimmy = shimmy()) {
            shimmy.publication(name, small().livenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(20))).close();
        }
        final Keepalive stopped = new Keepalive();
        new Publication(TopicFile.open(dir, name, null, false, null, false), stopped);
        new Subscription(TopicFile.open(dir, name, null, false, null, false), stopped, new SubscriptionConfig(),
            "backoff");
        stopped.close();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (TopicStatus.read(dir, name).inUse() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        final TopicStatus status = TopicStatus.read(dir, name);
        assertThat(status.publishers()).hasSize(1);
        assertThat(status.subscribers()).hasSize(1);
        assertThat(status.inUse()).isFalse();
    }

    private Path foreign(final String name, final byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void shouldListChannelsByNameWithTheirProblems() throws IOException {
        try (Shimmy shimmy = shimmy()) {
            shimmy.publication("zeta", small());
            shimmy.publication("alpha", new TopicConfig().capacity(8192));
            foreign("notes", "some text".getBytes(StandardCharsets.UTF_8));
            foreign(".tmp-alpha-1234", new byte[10]);

            final List<ChannelDirectory.Entry> entries = ChannelDirectory.list(dir);

            assertThat(entries).extracting(ChannelDirectory.Entry::name).containsExactly("alpha", "notes", "zeta");
            assertThat(entries.get(0).kind()).isEqualTo(ChannelKind.TOPIC);
            assertThat(entries.get(0).capacity()).isEqualTo(8192);
            assertThat(entries.get(0).inUse()).isTrue();
            assertThat(entries.get(0).problem()).isNull();
            assertThat(entries.get(1).kind()).isNull();
            assertThat(entries.get(1).problem()).contains("not a Shimmy channel");
        }
    }

    @Test
    void shouldListNothingInADirectoryThatDoesNotExist() {
        assertThat(ChannelDirectory.list(dir.resolve("missing"))).isEmpty();
        assertThat(ChannelDirectory.clean(dir.resolve("missing"), false)).isEmpty();
    }

    @Test
    void shouldRemoveATopicWhosePartiesAreDead() throws InterruptedException {
        topicWithDeadParties("dead");

        final List<ChannelDirectory.Entry> removed = ChannelDirectory.clean(dir, false);

        assertThat(removed).extracting(ChannelDirectory.Entry::name).containsExactly("dead");
        assertThat(dir.resolve("dead")).doesNotExist();
    }

    @Test
    void shouldRemoveATopicThatNobodyHasOpen() {
        try (Shimmy shimmy = shimmy()) {
            shimmy.publication("unused", small());
        }

        assertThat(ChannelDirectory.clean(dir, true)).extracting(ChannelDirectory.Entry::name)
            .containsExactly("unused");
        assertThat(dir.resolve("unused")).exists();
        assertThat(ChannelDirectory.clean(dir, false)).hasSize(1);
        assertThat(dir.resolve("unused")).doesNotExist();
    }

    @Test
    void shouldKeepATopicWithALiveSubscriber() {
        try (Shimmy creator = shimmy()) {
            creator.publication("watched", small());
        }
        try (Shimmy shimmy = shimmy()) {
            shimmy.subscription("watched");

            assertThat(ChannelDirectory.clean(dir, false)).isEmpty();
            assertThat(dir.resolve("watched")).exists();
        }
    }

    @Test
    void shouldRemoveAShimmyFileThatIsDamaged() throws IOException {
        try (Shimmy shimmy = shimmy()) {
            shimmy.publication("damaged", small());
        }
        final byte[] bytes = Files.readAllBytes(dir.resolve("damaged"));
        Files.write(dir.resolve("damaged"), Arrays.copyOf(bytes, 6000));

        assertThat(ChannelDirectory.clean(dir, false)).extracting(ChannelDirectory.Entry::name)
            .containsExactly("damaged");
    }

    @Test
    void shouldNeverRemoveAFileThatIsNotAShimmyChannel() throws IOException {
        final byte[] random = new byte[20_000];
        new Random(7).nextBytes(random);
        final byte[] text = "not a channel\n".getBytes(StandardCharsets.UTF_8);
        final Path target = Files.write(elsewhere.resolve("target"), text);
        final List<Path> files = List.of(
            foreign("random.bin", random),
            foreign("notes.txt", text),
            foreign("empty", new byte[0]),
            foreign("my notes.txt", text),
            foreign("données", text),
            foreign(".keep", new byte[0]),
            foreign(".profile", text),
            Files.createDirectory(dir.resolve("subdir")),
            Files.createDirectory(dir.resolve("empty dir")),
            Files.createSymbolicLink(dir.resolve("link"), target),
            Files.createSymbolicLink(dir.resolve("other link"), target));

        final List<ChannelDirectory.Entry> removed = ChannelDirectory.clean(dir, false);

        assertThat(removed).isEmpty();
        for (final Path file : files) {
            assertThat(Files.exists(file, LinkOption.NOFOLLOW_LINKS)).as("%s still there", file).isTrue();
        }
        assertThat(Files.readAllBytes(target)).isEqualTo(text);
    }

    @Test
    void shouldRemoveOnlyOldTemporaryFilesOfCreatorsThatDied() throws IOException {
        final Path old = foreign(".tmp-topic-1a2b", new byte[100]);
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() -
            ChannelDirectory.TEMP_FILE_AGE_MS - TimeUnit.SECONDS.toMillis(10)));
        final Path fresh = foreign(".tmp-topic-3c4d", new byte[100]);

        final List<ChannelDirectory.Entry> removed = ChannelDirectory.clean(dir, false);

        assertThat(removed).extracting(ChannelDirectory.Entry::name).containsExactly(".tmp-topic-1a2b");
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
    }
}
