package io.shimmy.region;

import io.shimmy.ChannelSpaceException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.stream.StreamConfig;
import io.shimmy.stream.StreamConnection;
import io.shimmy.stream.StreamListener;
import io.shimmy.topic.ChildJvm;
import io.shimmy.topic.Publication;
import io.shimmy.topic.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Creating channel files: exact permissions whatever the umask, a private directory, all space allocated up front
 * (so a full tmpfs fails at creation, not with a bus error later), nothing left behind on failure.
 */
class ChannelFileCreationTest {
    @TempDir
    Path root;

    private static String mode(final Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static void createTopic(final Path dir, final String mode) {
        final ShimmyContext context = new ShimmyContext().dir(dir);
        if (mode != null) {
            context.mode(mode);
        }
        try (Shimmy shimmy = Shimmy.open(context)) {
            shimmy.publication("perm", new TopicConfig().capacity(4096));
        }
    }

    @Test
    void shouldCreateOwnerOnlyFilesInAnOwnerOnlyDirectoryByDefault() throws IOException {
        final Path dir = root.resolve("a").resolve("channels");

        createTopic(dir, null);

        assertThat(mode(dir.resolve("perm"))).isEqualTo("rw-------");
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void shouldGiveTheGroupReadAndWriteWithMode0660() throws IOException {
        final Path dir = root.resolve("group");

        createTopic(dir, "0660");

        assertThat(mode(dir.resolve("perm"))).isEqualTo("rw-rw----");
        assertThat(mode(dir)).isEqualTo("rwxrwx---");
    }

    @Test
    void shouldLeaveTheModeOfAnExistingDirectoryAlone() throws IOException {
        final Path dir = Files.createDirectory(root.resolve("existing"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));

        createTopic(dir, null);

        assertThat(mode(dir)).isEqualTo("rwxr-x---");
        assertThat(mode(dir.resolve("perm"))).isEqualTo("rw-------");
    }

    @ParameterizedTest(name = "umask {0}")
    @ValueSource(strings = {"000", "077"})
    @Timeout(60)
    void shouldSetExactPermissionsWhateverTheUmask(final String umask) throws Exception {
        final Path owner = root.resolve("owner");
        final Path group = root.resolve("group");
        try (ChildJvm first = ChildJvm.startWithUmask(umask, "create", owner.toString(), "perm", "0600");
             ChildJvm second = ChildJvm.startWithUmask(umask, "create", group.toString(), "perm", "0660")) {
            first.awaitLine("CREATED", Duration.ofSeconds(30));
            second.awaitLine("CREATED", Duration.ofSeconds(30));
            assertThat(first.awaitExit(Duration.ofSeconds(30))).as(first.describe()).isZero();
            assertThat(second.awaitExit(Duration.ofSeconds(30))).as(second.describe()).isZero();
        }

        assertThat(mode(owner.resolve("perm"))).isEqualTo("rw-------");
        assertThat(mode(owner)).isEqualTo("rwx------");
        assertThat(mode(group.resolve("perm"))).isEqualTo("rw-rw----");
        assertThat(mode(group)).isEqualTo("rwxrwx---");
    }

    @Test
    @Timeout(60)
    void shouldFailWithChannelSpaceExceptionOnAFullTmpfsAndLeaveNoFileBehind() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        final Path mount = Files.createDirectory(root.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()) == 0,
            "cannot mount a tmpfs here");
        try {
            try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(mount))) {
                assertThatThrownBy(() -> shimmy.publication("big", new TopicConfig().capacity(1 << 20)))
                    .isInstanceOf(ChannelSpaceException.class)
                    .hasMessageContaining("no space for channel 'big'")
                    .hasMessageContaining("--shm-size");
                try (Stream<Path> files = Files.list(mount)) {
                    assertThat(files).isEmpty();
                }

                final Publication small = shimmy.publication("small", new TopicConfig().capacity(64 * 1024));
                assertThat(small.offer(new byte[100], 0, 100)).isPositive();
                try (Stream<Path> files = Files.list(mount)) {
                    assertThat(files).containsExactly(mount.resolve("small"));
                }
            }
        } finally {
            // lazy: the small topic stays mapped in this JVM until the garbage collector unmaps it
            assertThat(run("umount", "-l", mount.toString())).isZero();
        }
    }

    @Test
    void shouldFailAConnectionThatDoesNotFitTheTmpfsAndKeepTheListenerServing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        final Path mount = Files.createDirectory(root.resolve("small-streams"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString()) == 0,
            "cannot mount a tmpfs here");
        try {
            try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(mount));
                 StreamListener listener = shimmy.listen("tight", new StreamConfig().capacity(4096))) {
                assertThatThrownBy(() -> shimmy.connect("tight", new StreamConfig().capacity(1 << 20)))
                    .isInstanceOf(ChannelSpaceException.class)
                    .hasMessageContaining("no space for channel 'tight@1'");
                assertThat(listener.pending()).isZero();
                try (Stream<Path> files = Files.list(mount)) {
                    assertThat(files).containsExactly(mount.resolve("tight"));
                }
                final CompletableFuture<StreamConnection> small =
                    CompletableFuture.supplyAsync(() -> shimmy.connect("tight"));
                try (StreamConnection accepted = listener.accept(TimeUnit.SECONDS.toNanos(30))) {
                    assertThat(small.get(30, TimeUnit.SECONDS).name()).isEqualTo(accepted.name())
                        .isEqualTo("tight@2");
                }
            }
        } finally {
            assertThat(run("umount", "-l", mount.toString())).isZero();
        }
    }

    private static int run(final String... command) throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
