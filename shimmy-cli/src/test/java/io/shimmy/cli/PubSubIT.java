package io.shimmy.cli;

import io.shimmy.topic.TopicStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shimmy pub} and {@code shimmy sub} end to end, as separate processes.
 */
class PubSubIT extends CliProcesses {
    @Test
    void shouldRoundTripLinesFromPubToLaterSubFromEarliest() throws Exception {
        final List<String> lines = numbered("line", 1000);
        final Result pub = shimmyWithInput(lines(lines), "pub", "greetings", "--dir", dir.toString());
        assertThat(pub.exitCode()).isZero();
        assertThat(pub.stderr()).isEmpty();

        final Result sub = shimmy("--dir", dir.toString(), "sub", "greetings", "--from", "earliest", "--count",
            "1000");
        assertThat(sub.exitCode()).isZero();
        assertThat(sub.lines()).containsExactlyElementsOf(lines);
    }

    @Test
    void shouldFanOutEveryLineInOrderToThreeSubscribersStartedBeforePub() throws Exception {
        assertThat(shimmy("pub", "fan", "--capacity", "64k", "--dir", dir.toString()).exitCode()).isZero();
        final int count = 20_000;
        final List<Background> subs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            subs.add(start("sub", "fan", "--count", String.valueOf(count), "--dir", dir.toString()));
        }
        awaitLiveSubscribers("fan", 3);

        final List<String> lines = numbered("fan", count);
        final Result pub = shimmyWithInput(lines(lines), "pub", "fan", "--dir", dir.toString());
        assertThat(pub.exitCode()).isZero();
        for (final Background sub : subs) {
            final Result result = sub.await();
            assertThat(result.exitCode()).isZero();
            assertThat(result.lines()).containsExactlyElementsOf(lines);
        }
        final TopicStatus status = TopicStatus.read(dir, "fan");
        assertThat(status.messages()).isEqualTo(count);
        assertThat(status.backPressureEvents()).as("a 64k ring makes the publisher wait").isPositive();
        assertThat(status.subscribers()).isEmpty();
    }

    @Test
    void shouldCarryEveryByteExceptNewlineUnchanged() throws Exception {
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        for (int line = 0; line < 3; line++) {
            for (int b = 0; b < 256; b++) {
                if (b != '\n') {
                    input.write(b);
                }
            }
            input.write('\n');
        }
        input.write('\r');
        input.write('\n');
        input.write(new byte[] {0, (byte)0xFF, 'e', 'n', 'd'});
        assertThat(shimmyWithInput(input.toByteArray(), "pub", "binary", "--dir", dir.toString()).exitCode())
            .isZero();

        final Result sub = shimmy("sub", "binary", "--from", "earliest", "--count", "5", "--dir", dir.toString());
        assertThat(sub.exitCode()).isZero();
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(input.toByteArray());
        expected.write('\n');
        assertThat(sub.stdout()).isEqualTo(expected.toByteArray());
    }

    @Test
    void shouldPublishNothingForEmptyInputButCreateTheTopic() throws Exception {
        assertThat(shimmy("pub", "empty", "--dir", dir.toString()).exitCode()).isZero();
        assertThat(TopicStatus.read(dir, "empty").messages()).isZero();
        final Result sub = shimmy("sub", "empty", "--from", "earliest", "--idle-timeout", "200ms", "--dir",
            dir.toString());
        assertThat(sub.exitCode()).isZero();
        assertThat(sub.stdout()).isEmpty();
    }

    @Test
    void shouldPublishLastLineWithoutNewline() throws Exception {
        assertThat(shimmyWithInput("first\n\nlast".getBytes(), "pub", "tail", "--dir", dir.toString()).exitCode())
            .isZero();
        final Result sub = shimmy("sub", "tail", "--from", "earliest", "--count", "3", "--dir", dir.toString());
        assertThat(sub.out()).isEqualTo("first\n\nlast\n");
    }

    @Test
    void shouldExitZeroAfterIdleTimeoutWithoutMessages() throws Exception {
        assertThat(shimmyWithInput("old\n".getBytes(), "pub", "quiet", "--dir", dir.toString()).exitCode())
            .isZero();
        final long start = System.nanoTime();
        final Result sub = shimmy("sub", "quiet", "--idle-timeout", "700ms", "--dir", dir.toString());
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(sub.exitCode()).isZero();
        assertThat(sub.stdout()).as("--from latest skips what was published before").isEmpty();
        assertThat(elapsedMs).isBetween(700L, 15_000L);
        assertThat(liveSubscribers("quiet")).isZero();
    }

    @Test
    void shouldWaitForTheTopicToAppear() throws Exception {
        final Background sub = start("sub", "later", "--from", "earliest", "--count", "2", "--dir", dir.toString());
        Thread.sleep(300);
        assertThat(sub.process().isAlive()).isTrue();
        assertThat(shimmyWithInput("one\ntwo\n".getBytes(), "pub", "later", "--dir", dir.toString()).exitCode())
            .isZero();
        final Result result = sub.await();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("one\ntwo\n");
    }

    @Test
    void shouldPrintATopicThatAppearedWhileWaitingFromItsFirstMessage() throws Exception {
        final Background sub = start("sub", "newcomer", "--count", "2", "--dir", dir.toString());
        // Time for the JVM to start and begin waiting; if it joined after the publisher it would miss both lines.
        Thread.sleep(2000);
        assertThat(sub.process().isAlive()).isTrue();
        assertThat(shimmyWithInput("one\ntwo\n".getBytes(), "pub", "newcomer", "--dir", dir.toString())
            .exitCode()).isZero();
        final Result result = sub.await();
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("one\ntwo\n");
    }

    @Test
    void shouldExitOneWhenTheTopicDoesNotAppearWithinTheIdleTimeout() throws Exception {
        final Result sub = shimmy("sub", "never", "--idle-timeout", "200ms", "--dir", dir.toString());
        assertThat(sub.exitCode()).isEqualTo(1);
        assertThat(sub.stderr()).startsWith("shimmy: no topic 'never' appeared in " + dir + " within 200ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void shouldReleaseTheSubscriberSlotOnSignal(final String signal) throws Exception {
        assertThat(shimmy("pub", "signalled", "--dir", dir.toString()).exitCode()).isZero();
        final Background sub = start("sub", "signalled", "--dir", dir.toString());
        awaitLiveSubscribers("signalled", 1);
        assertThat(TopicStatus.read(dir, "signalled").subscribers()).hasSize(1);

        final Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(sub.process().pid())).start();
        assertThat(kill.waitFor()).isZero();
        final Result result = sub.await();
        assertThat(result.exitCode()).isZero();
        assertThat(TopicStatus.read(dir, "signalled").subscribers()).as("slot released").isEmpty();

        final Result stat = shimmy("stat", "signalled", "--dir", dir.toString());
        assertThat(stat.out()).contains("subscribers: 0").doesNotContain("alive");
    }

    @Test
    void shouldStopHoldingThePublisherBackOnceAKilledSubscriberMissesItsLivenessTimeout() throws Exception {
        assertThat(shimmy("pub", "orphan", "--capacity", "4k", "--liveness-timeout", "300ms", "--dir",
            dir.toString()).exitCode()).isZero();
        final Background sub = start("sub", "orphan", "--dir", dir.toString());
        awaitLiveSubscribers("orphan", 1);
        sub.process().destroyForcibly();
        sub.process().waitFor();

        final Result pub = shimmyWithInput(lines(numbered("x", 5000)), "pub", "orphan", "--dir", dir.toString());
        assertThat(pub.exitCode()).isZero();
        assertThat(TopicStatus.read(dir, "orphan").messages()).isEqualTo(5000);
        assertThat(shimmy("stat", "orphan", "--dir", dir.toString()).out())
            .containsPattern("subscriber slot 0 .* (dead|evicted) ");
    }

    @Test
    void shouldRejectALineLongerThanTheMaximumAndKeepTheLinesBeforeIt() throws Exception {
        final byte[] input = ("first\nsecond\n" + "x".repeat(9000) + "\nfourth\n").getBytes();
        final Result pub = shimmyWithInput(input, "pub", "strict", "--capacity", "64k", "--dir", dir.toString());
        assertThat(pub.exitCode()).isEqualTo(1);
        assertThat(pub.stderr()).startsWith("shimmy: line 3 is 9000 bytes, longer than topic 'strict''s maximum " +
            "message length of 8192 bytes");

        final Result sub = shimmy("sub", "strict", "--from", "earliest", "--idle-timeout", "300ms", "--dir",
            dir.toString());
        assertThat(sub.exitCode()).isZero();
        assertThat(sub.out()).isEqualTo("first\nsecond\n");
    }

    @Test
    void shouldCreateFilesForTheOwnerOnlyByDefault() throws Exception {
        assertThat(shimmy("pub", "private", "--dir", dir.toString()).exitCode()).isZero();
        assertThat(mode(dir)).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("private"))).isEqualTo("rw-------");
    }

    @Test
    void shouldCreateFilesWithTheGivenMode() throws Exception {
        assertThat(shimmy("pub", "shared", "--mode", "0660", "--dir", dir.toString()).exitCode()).isZero();
        assertThat(mode(dir)).isEqualTo("rwxrwx---");
        assertThat(mode(dir.resolve("shared"))).isEqualTo("rw-rw----");
    }

    private static String mode(final Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
