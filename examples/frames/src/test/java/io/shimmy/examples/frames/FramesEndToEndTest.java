package io.shimmy.examples.frames;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.examples.common.ExampleProcess;
import io.shimmy.examples.common.ShmDirectory;
import io.shimmy.stream.StreamConnection;
import io.shimmy.stream.StreamListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frames example's roles as separate processes on one channel directory (run-containers.sh runs them as
 * containers; this runs everywhere, also where namespaces are not permitted).
 */
class FramesEndToEndTest {
    @Test
    void shouldVerifyGeneratedFramesAndCopyAFileExactly(@TempDir final Path files) throws Exception {
        final Path original = files.resolve("original.bin");
        final byte[] content = new byte[3 * 1024 * 1024 + 12345];
        new Random(7).nextBytes(content);
        Files.write(original, content);
        final Path copy = files.resolve("copy.bin");
        try (ShmDirectory dir = new ShmDirectory();
             ExampleProcess sink = role("sink", dir, "--connections", "2", "--output", copy.toString())) {
            sink.awaitLine(line -> line.contains("listening on stream"));
            try (ExampleProcess frames = role("source", dir, "--frames", "20", "--fps", "0", "--width", "320",
                "--height", "240")) {
                assertThat(frames.awaitExit()).as(frames.output()).isZero();
                assertThat(frames.output()).contains("done: the sink verified 20 frames, 4,608,000 bytes");
            }
            try (ExampleProcess file = role("source", dir, "--file", original.toString(), "--chunk", "1m")) {
                assertThat(file.awaitExit()).as(file.output()).isZero();
                assertThat(file.output()).contains("done: the sink verified 4 frames, 3,158,073 bytes");
            }
            assertThat(sink.awaitExit()).as(sink.output()).isZero();
            assertThat(sink.output()).contains("done: 2 transfers, 2 verified, 0 failed, 0 broken off")
                .contains("frame latency: p50 ");
            assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        }
    }

    @Test
    void shouldFailACorruptFrameAndTellTheSource() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             ExampleProcess sink = role("sink", dir, "--connections", "1");
             Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir.path()))) {
            sink.awaitLine(line -> line.contains("listening on stream"));
            try (StreamConnection connection = shimmy.connect("frames")) {
                final byte[] header = new byte[FrameHeader.LENGTH];
                FrameHeader.wrap(header).putInt(FrameHeader.MAGIC_OFFSET, FrameHeader.MAGIC)
                    .putInt(FrameHeader.TYPE_OFFSET, FrameHeader.FRAME)
                    .putInt(FrameHeader.PAYLOAD_LENGTH_OFFSET, 4)
                    .putInt(FrameHeader.CRC_OFFSET, 12345);
                connection.write(header, 0, header.length);
                connection.write(new byte[] {1, 2, 3, 4}, 0, 4);
                connection.shutdownOutput();
                final String verdict = new String(connection.inputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertThat(verdict).startsWith("FAIL frame 0 has a wrong CRC-32C");
            }
            assertThat(sink.awaitExit()).as(sink.output()).isEqualTo(1);
            assertThat(sink.output()).contains("connection 1 FAILED verification: frame 0 has a wrong CRC-32C")
                .contains("shimmy-frames sink: 1 of 1 transfers failed verification");
        }
    }

    @Test
    void shouldExitOneWhenTheSinkRejectsTheTransfer() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir.path()));
             StreamListener listener = shimmy.listen("frames");
             ExampleProcess source = role("source", dir, "--frames", "3", "--fps", "0", "--width", "8",
                 "--height", "8")) {
            try (StreamConnection connection = listener.accept(TimeUnit.SECONDS.toNanos(60))) {
                assertThat(connection).isNotNull();
                connection.inputStream().readAllBytes();
                connection.write(ByteBuffer.wrap("FAIL not today\n".getBytes(StandardCharsets.US_ASCII)));
            }
            assertThat(source.awaitExit()).as(source.output()).isEqualTo(1);
            assertThat(source.lines()).last().isEqualTo("shimmy-frames source: the sink reports: not today");
        }
    }

    @Test
    void shouldGiveUpConnectingInOneLineWithStatusOne() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             ExampleProcess source = role("source", dir, "--connect-timeout", "500ms")) {
            assertThat(source.awaitExit()).isEqualTo(1);
            assertThat(source.lines()).hasSize(1);
            assertThat(source.lines().get(0)).startsWith("shimmy-frames source: ").contains("frames");
        }
    }

    @Test
    void shouldFinishTheTransferWhenBothAreStoppedAtOnce() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             ExampleProcess sink = role("sink", dir);
             ExampleProcess source = role("source", dir, "--fps", "30", "--width", "320", "--height", "240")) {
            sink.awaitLine(line -> line.contains("frames/s"));
            source.terminate();
            sink.terminate();
            assertThat(source.awaitExit()).as(source.output()).isZero();
            assertThat(sink.awaitExit()).as(sink.output()).isZero();
            assertThat(source.output()).contains("(stopped by signal)").contains("done: the sink verified");
            assertThat(sink.output()).contains("done: 1 transfers, 1 verified, 0 failed, 0 broken off");
        }
    }

    @Test
    void shouldStopAnIdleSinkOnSigtermWithStatusZero() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             ExampleProcess sink = role("sink", dir)) {
            sink.awaitLine(line -> line.contains("listening on stream"));
            sink.terminate();
            assertThat(sink.awaitExit()).as(sink.output()).isZero();
            assertThat(sink.output()).contains("done: 0 transfers").contains("stopped by signal");
        }
    }

    private static ExampleProcess role(final String role, final ShmDirectory dir, final String... args) {
        return ExampleProcess.role(FramesMain.class, role, dir, args);
    }
}
