package io.shimmy.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code shimmy stat}, {@code list} and {@code clean} on real channels.
 */
class InspectionIT extends CliProcesses {
    @Test
    void shouldShowPositionsCountersAndEachSubscriber() throws Exception {
        assertThat(shimmyWithInput("a\nbb\nccc\n".getBytes(), "pub", "watched", "--capacity", "64k", "--dir",
            dir.toString()).exitCode()).isZero();
        final Background sub = start("sub", "watched", "--from", "earliest", "--name", "watcher", "--dir",
            dir.toString());
        awaitLiveSubscribers("watched", 1);

        final Result stat = shimmy("stat", "watched", "--dir", dir.toString());
        assertThat(stat.exitCode()).isZero();
        assertThat(stat.out()).contains("name: watched", "kind: topic", "capacity: 64k", "max message: 8k",
            "delivery: reliable", "messages: 3", "bytes: 6", "back-pressure events: 0", "lost messages: 0",
            "lost bytes: 0", "publishers: 0", "subscribers: 1", "errors: 0")
            .containsPattern("tail: \\d+")
            .containsPattern("subscriber slot 0  name watcher  pid " + sub.process().pid() +
                "  position \\d+  lag \\d+  alive  delivered \\d  lost 0")
            .doesNotContain("FAILED");
        sub.process().destroy();
        assertThat(sub.await().out()).isEqualTo("a\nbb\nccc\n");
    }

    @Test
    void shouldWatchRatesAndLagsInPlainBlocksUntilStoppedWhenStdoutIsNotATerminal() throws Exception {
        final Background sub = start("sub", "live", "--name", "slow", "--dir", dir.toString());
        final Background pub = start(lines(numbered("m", 50_000)), "pub", "live", "--dir", dir.toString());
        awaitLiveSubscribers("live", 1);
        final Background watch = start("stat", "live", "--watch", "--interval", "200ms", "--dir", dir.toString());
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (Files.readString(watch.stdout()).split("\n\n").length < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // SIGTERM: a build started in the background by a non-interactive shell ignores SIGINT, and its children
        // inherit that (shouldRedrawInPlaceOnATerminal stops with SIGINT)
        watch.process().destroy();

        final Result watched = watch.await();
        assertThat(watched.exitCode()).isZero();
        final String[] blocks = watched.out().split("\n\n");
        assertThat(blocks.length).isGreaterThanOrEqualTo(3);
        assertThat(watched.out()).doesNotContain("\u001b");
        assertThat(blocks[0]).contains("(- msgs/s)");
        assertThat(blocks[2]).startsWith("time: ").contains("name: live  reliable  capacity 1m")
            .containsPattern("messages: \\d+  \\(\\d+ msgs/s\\)")
            .containsPattern("bytes: \\d+  \\(\\d+ bytes/s\\)")
            .containsPattern("subscribers: 1 \\(1 alive, 0 stale\\)")
            .containsPattern("subscriber slot 0  name slow  pid \\d+  position \\d+  lag \\d+  alive  heartbeat " +
                "\\d+ms ago  delivered \\d+  \\(\\d+ msgs/s\\)  lost 0")
            .contains("errors: 0");
        pub.await();
        sub.process().destroy();
        sub.await();
    }

    @Test
    void shouldRedrawInPlaceOnATerminal() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs script(1) for a pseudo-terminal");
        assertThat(shimmy("pub", "shown", "--dir", dir.toString()).exitCode()).isZero();
        final String watch = "timeout --preserve-status -s INT 3 " + ROOT.resolve("bin/shimmy") +
            " stat shown --watch --interval 200ms --dir " + dir;
        final ProcessBuilder builder = new ProcessBuilder("script", "-qec", watch, "/dev/null")
            .redirectErrorStream(true).redirectOutput(logs.resolve("tty.out").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process terminal = builder.start();
        try {
            assertThat(terminal.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
            final String screen = Files.readString(logs.resolve("tty.out"));
            assertThat(terminal.exitValue()).as(screen).isZero();
            assertThat(screen.split("\u001b\\[H\u001b\\[2J", -1).length).as(screen).isGreaterThanOrEqualTo(3);
            assertThat(screen).contains("name: shown  reliable");
        } finally {
            terminal.destroyForcibly();
        }
    }

    @Test
    void shouldRefuseAnIntervalWithoutWatch() throws Exception {
        final Result result = shimmy("stat", "x", "--interval", "1s", "--dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("shimmy: --interval needs --watch");
    }

    @Test
    void shouldListPublishersAndSubscribersAliveAndStaleFromHeartbeats() throws Exception {
        assertThat(shimmy("pub", "beta", "--capacity", "64k", "--liveness-timeout", "200ms", "--dir",
            dir.toString()).exitCode()).isZero();
        final Background live = start("sub", "beta", "--dir", dir.toString());
        final Background killed = start("sub", "beta", "--dir", dir.toString());
        awaitLiveSubscribers("beta", 2);
        killed.process().destroyForcibly().waitFor();
        Thread.sleep(400);

        final Result list = shimmy("list", "--long", "--header", "--dir", dir.toString());
        assertThat(list.exitCode()).isZero();
        assertThat(list.lines().get(0))
            .matches("KIND  +NAME  +CAPACITY  +STATE  +PUBLISHERS  +SUBSCRIBERS  +HEARTBEAT");
        assertThat(list.lines().get(1))
            .matches("topic  +beta  +64k  +alive  +0 alive, 0 stale  +1 alive, 1 stale  +\\d+ms");
        live.process().destroy();
        live.await();
    }

    @Test
    void shouldListTopicsAndInvalidFiles() throws Exception {
        assertThat(shimmy("pub", "beta", "--capacity", "64k", "--dir", dir.toString()).exitCode()).isZero();
        assertThat(shimmy("pub", "alpha", "--dir", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("junk"), "not a channel");
        final Background sub = start("sub", "beta", "--dir", dir.toString());
        awaitLiveSubscribers("beta", 1);

        final Result list = shimmy("list", "--dir", dir.toString());
        assertThat(list.exitCode()).isZero();
        assertThat(list.lines()).hasSize(3);
        assertThat(list.lines().get(0)).matches("topic  +alpha  +1m  +idle");
        assertThat(list.lines().get(1)).matches("topic  +beta  +64k  +alive");
        assertThat(list.lines().get(2)).matches("invalid  +junk  +file .* is not a Shimmy channel.*");
        assertThat(shimmy("--dir", dir.toString(), "list", "--header").lines().get(0))
            .matches("KIND  +NAME  +CAPACITY  +STATE");
        sub.process().destroy();
        sub.await();
    }

    @Test
    void shouldListNothingForAMissingDirectory() throws Exception {
        final Result list = shimmy("list", "--dir", dir.resolve("missing").toString());
        assertThat(list.exitCode()).isZero();
        assertThat(list.stdout()).isEmpty();
        assertThat(dir.resolve("missing")).doesNotExist();
    }

    @Test
    void shouldCleanOnlyWhatNoLiveProcessUses() throws Exception {
        assertThat(shimmy("pub", "unused", "--dir", dir.toString()).exitCode()).isZero();
        assertThat(shimmy("pub", "busy", "--dir", dir.toString()).exitCode()).isZero();
        assertThat(shimmy("pub", "damaged", "--dir", dir.toString()).exitCode()).isZero();
        final Path damaged = dir.resolve("damaged");
        final byte[] head = new byte[4096];
        System.arraycopy(Files.readAllBytes(damaged), 0, head, 0, head.length);
        Files.write(damaged, head);
        Files.writeString(dir.resolve("foreign"), "someone else's file");
        final Background sub = start("sub", "busy", "--dir", dir.toString());
        awaitLiveSubscribers("busy", 1);

        final Result dryRun = shimmy("clean", "--dry-run", "--dir", dir.toString());
        assertThat(dryRun.exitCode()).isZero();
        assertThat(dryRun.lines()).hasSize(2);
        assertThat(dryRun.lines().get(0)).startsWith("would remove damaged (").contains("truncated");
        assertThat(dryRun.lines().get(1)).isEqualTo("would remove unused (topic not used by any live process)");
        assertThat(dir.resolve("unused")).exists();
        assertThat(damaged).exists();

        final Result clean = shimmy("clean", "--dir", dir.toString());
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.lines()).hasSize(2);
        assertThat(clean.lines().get(0)).startsWith("removed damaged (");
        assertThat(clean.lines().get(1)).isEqualTo("removed unused (topic not used by any live process)");
        assertThat(dir.resolve("unused")).doesNotExist();
        assertThat(damaged).doesNotExist();
        assertThat(dir.resolve("busy")).exists();
        assertThat(dir.resolve("foreign")).exists();

        sub.process().destroy();
        assertThat(sub.await().exitCode()).isZero();
        assertThat(shimmy("clean", "--dir", dir.toString()).lines())
            .containsExactly("removed busy (topic not used by any live process)");
        assertThat(shimmy("clean", "--dir", dir.toString()).stdout()).isEmpty();
    }
}
