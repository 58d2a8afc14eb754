package io.shimmy.cli;

import io.shimmy.topic.RecordDescriptor;
import io.shimmy.topic.TopicDescriptor;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exit statuses and one-line errors of real {@code shimmy} processes.
 */
class ErrorsIT extends CliProcesses {
    @Test
    void shouldExitTwoForABadName() throws Exception {
        for (final String command : new String[] {"pub", "sub", "stat"}) {
            final Result result = shimmy(command, "no/slash", "--dir", dir.toString());
            assertThat(result.exitCode()).as(command).isEqualTo(2);
            assertThat(result.stderr()).as(command).startsWith("shimmy: channel name 'no/slash' has character '/'");
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldExitTwoForAnUnknownOption() throws Exception {
        final Result result = shimmy("pub", "t", "--colour", "--dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("shimmy: unknown option: '--colour'");
    }

    @Test
    void shouldExitTwoForABadSize() throws Exception {
        final Result result = shimmy("pub", "t", "--capacity", "lots", "--dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("shimmy: invalid value for option '--capacity': 'lots' is not a size");
    }

    @Test
    void shouldExitTwoForACapacityThatIsNotAPowerOfTwo() throws Exception {
        final Result result = shimmy("pub", "t", "--capacity", "5000", "--dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("capacity 5000 is not a power of two");
    }

    @Test
    void shouldExitTwoForABadDuration() throws Exception {
        final Result result = shimmy("sub", "t", "--idle-timeout", "1.5s", "--dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("'1.5s' is not a duration");
    }

    @Test
    void shouldExitOneNamingBothValuesWhenTheCapacityDiffersFromTheExistingTopic() throws Exception {
        assertThat(shimmy("pub", "sized", "--capacity", "64k", "--dir", dir.toString()).exitCode()).isZero();
        final Result result = shimmyWithInput("never\n".getBytes(), "pub", "sized", "--capacity", "1m", "--dir",
            dir.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("shimmy: topic 'sized' was created with capacity 64k but opened " +
            "asking 1m");
        assertThat(shimmy("sub", "sized", "--from", "earliest", "--idle-timeout", "100ms", "--dir",
            dir.toString()).stdout()).isEmpty();
    }

    @Test
    void shouldExitOneWhenDeliveryOrLivenessTimeoutDiffer() throws Exception {
        assertThat(shimmy("pub", "reliable", "--dir", dir.toString()).exitCode()).isZero();
        final Result lossy = shimmy("pub", "reliable", "--lossy", "--dir", dir.toString());
        assertThat(lossy.exitCode()).isEqualTo(1);
        assertThat(lossy.stderr()).contains("reliable").contains("lossy");
        final Result liveness = shimmy("pub", "reliable", "--liveness-timeout", "1s", "--dir", dir.toString());
        assertThat(liveness.exitCode()).isEqualTo(1);
        assertThat(liveness.stderr()).contains("5000 ms").contains("1000 ms");
    }

    @Test
    void shouldAcceptAMatchingMaxMessageOnAnExistingLargerTopicAndRefuseAnotherOne() throws Exception {
        assertThat(shimmy("pub", "big", "--capacity", "4m", "--dir", dir.toString()).exitCode()).isZero();
        assertThat(shimmyWithInput("ok\n".getBytes(), "pub", "big", "--max-message", "512k", "--dir",
            dir.toString()).exitCode()).isZero();
        final Result larger = shimmy("pub", "big", "--max-message", "1m", "--dir", dir.toString());
        assertThat(larger.exitCode()).isEqualTo(1);
        assertThat(larger.stderr()).contains("max message length 512k but opened asking 1m");
        final Result smaller = shimmy("pub", "big", "--max-message", "64k", "--dir", dir.toString());
        assertThat(smaller.exitCode()).isEqualTo(1);
        assertThat(smaller.stderr()).contains("max message length 512k but opened asking 64k");
    }

    @Test
    void shouldExitOneForACorruptFileAndLeaveItAlone() throws Exception {
        Files.createDirectories(dir);
        final byte[] garbage = "this is not a channel, just some bytes\n".repeat(200).getBytes();
        final Path bad = Files.write(dir.resolve("bad"), garbage);

        final Result sub = shimmy("sub", "bad", "--idle-timeout", "200ms", "--dir", dir.toString());
        assertThat(sub.exitCode()).isEqualTo(1);
        assertThat(sub.stderr()).startsWith("shimmy: file " + bad + " is not a Shimmy channel")
            .contains("move it out of the channel directory").doesNotContain("rm " + bad);
        final Result stat = shimmy("stat", "bad", "--dir", dir.toString());
        assertThat(stat.exitCode()).isEqualTo(1);
        assertThat(stat.stderr()).contains("is not a Shimmy channel");
        final Result pub = shimmyWithInput("x\n".getBytes(), "pub", "bad", "--dir", dir.toString());
        assertThat(pub.exitCode()).isEqualTo(1);
        assertThat(Files.readAllBytes(bad)).isEqualTo(garbage);
    }

    @Test
    void shouldExitOneForATruncatedChannel() throws Exception {
        assertThat(shimmy("pub", "cut", "--dir", dir.toString()).exitCode()).isZero();
        final Path file = dir.resolve("cut");
        final byte[] head = new byte[8192];
        System.arraycopy(Files.readAllBytes(file), 0, head, 0, head.length);
        Files.write(file, head);
        final Result sub = shimmy("sub", "cut", "--idle-timeout", "200ms", "--dir", dir.toString());
        assertThat(sub.exitCode()).isEqualTo(1);
        assertThat(sub.stderr()).contains("truncated or damaged");
    }

    @Test
    void shouldExitOneForASymbolicLinkAtTheChannelName() throws Exception {
        Files.createDirectories(dir);
        final Path target = dir.getParent().resolve("elsewhere");
        Files.write(target, "precious".getBytes());
        Files.createSymbolicLink(dir.resolve("linked"), target);

        for (final String command : new String[] {"pub", "sub", "stat"}) {
            final Result result = command.equals("sub") ?
                shimmy("sub", "linked", "--idle-timeout", "200ms", "--dir", dir.toString()) :
                shimmyWithInput("x\n".getBytes(), command, "linked", "--dir", dir.toString());
            assertThat(result.exitCode()).as(command).isEqualTo(1);
            assertThat(result.stderr()).as(command).contains("is not a regular file").contains("does not follow");
        }
        assertThat(Files.readString(target)).isEqualTo("precious");
        Files.delete(target);
    }

    @Test
    void shouldExitOnePointingToStatWhenTheSubscriberFindsTheTopicCorrupt() throws Exception {
        assertThat(shimmyWithInput("one\ntwo\n".getBytes(), "pub", "broken", "--dir", dir.toString()).exitCode())
            .isZero();
        try (FileChannel file = FileChannel.open(dir.resolve("broken"), StandardOpenOption.READ,
            StandardOpenOption.WRITE)) {
            final ByteBuffer offset = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            file.read(offset, TopicDescriptor.RING_OFFSET_OFFSET);
            final long ring = offset.flip().getLong();
            final ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1 << 30);
            file.write(length, ring + RecordDescriptor.LENGTH_OFFSET);
        }

        final Result sub = shimmy("sub", "broken", "--from", "earliest", "--idle-timeout", "300ms", "--dir",
            dir.toString());
        assertThat(sub.exitCode()).isEqualTo(1);
        assertThat(sub.stderr()).startsWith("shimmy: topic 'broken' in " + dir + " was marked failed")
            .contains("shimmy stat broken");
        assertThat(sub.stdout()).isEmpty();

        final Result stat = shimmy("stat", "broken", "--dir", dir.toString());
        assertThat(stat.exitCode()).isZero();
        assertThat(stat.out()).contains("errors: 1", "FAILED")
            .containsPattern("  1x  last \\d{4}-\\d\\d-\\d\\dT.*Z  topic 'broken' is corrupt: " +
                "found a message of length 1073741824");
        assertThat(shimmy("list", "--dir", dir.toString()).out()).matches("topic  broken  1m  idle  marked failed.*\n");
    }

    @Test
    void shouldExitOneForStatOfAMissingTopic() throws Exception {
        final Result result = shimmy("stat", "ghost", "--dir", dir.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stderr()).startsWith("shimmy: no channel 'ghost' in " + dir);
    }

    @Test
    void shouldExitTwoForAMissingOrUnknownSubcommand() throws Exception {
        assertThat(shimmy().exitCode()).isEqualTo(2);
        final Result unknown = shimmy("publish", "t");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).startsWith("shimmy: unknown subcommand 'publish'");
    }
}
