package io.shimmy.examples.frames;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.examples.common.ChannelOptions;
import io.shimmy.examples.common.ExampleException;
import io.shimmy.examples.common.Formats;
import io.shimmy.examples.common.MemoryFileSystem;
import io.shimmy.examples.common.Options;
import io.shimmy.examples.common.Pacer;
import io.shimmy.examples.common.Shutdown;
import io.shimmy.stream.StreamConfig;
import io.shimmy.stream.StreamConnection;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * {@code shimmy-frames source}: connects to the sink's stream and sends frames, each a {@link FrameHeader} and a
 * payload: generated video-like frames at a frame rate, or the chunks of a file. After the last frame (after
 * {@code --frames}, at the end of the file, or on SIGTERM) it sends an END frame with the SHA-256 of everything it
 * sent, shuts its output down (half-close: the sink reads end of stream) and reads the sink's verdict. Exits 0 only
 * if the sink received every byte with the same checksum.
 */
final class FrameSource {
    private final String command;
    private final PrintStream out = System.out;
    private final Shutdown shutdown;
    private final byte[] header = new byte[FrameHeader.LENGTH];
    private final ByteBuffer headerView = FrameHeader.wrap(header);
    private final CRC32C crc = new CRC32C();
    private final MessageDigest sha256 = Sha256.newDigest();
    private long frames;
    private long bytes;

    private FrameSource(final String command, final Shutdown shutdown) {
        this.command = command;
        this.shutdown = shutdown;
    }

    /**
     * Runs the role.
     *
     * @param command as typed.
     * @param args its options.
     * @param shutdown the stop flag.
     * @return the exit status.
     * @throws IOException if the stream fails (the sink died, closed early...).
     */
    static int run(final String command, final String[] args, final Shutdown shutdown) throws IOException {
        final Options options = ChannelOptions.addTo(new Options(command,
            "Streams video-like frames, or a file, to the frames sink and checks its verdict."))
            .add("stream", "FRAMES_STREAM", "frames", "stream to connect to")
            .add("width", "FRAMES_WIDTH", "640", "frame width in pixels (3 bytes a pixel)")
            .add("height", "FRAMES_HEIGHT", "480", "frame height in pixels")
            .add("fps", "FRAMES_FPS", "30", "frames per second; 0: as fast as the stream takes them")
            .add("frames", "FRAMES_COUNT", "0", "frames to send, then end the transfer; 0: until SIGTERM")
            .add("file", "FRAMES_FILE", null, "send this file instead of generated frames, then end")
            .add("chunk", "FRAMES_CHUNK", "1m", "payload bytes per frame when sending a file")
            .add("connect-timeout", "FRAMES_CONNECT_TIMEOUT", "60s", "longest wait for the sink to accept")
            .add("report", "FRAMES_REPORT", "1s", "interval of the progress line; 0: summary only")
            .parse(args);
        if (options.helpRequested()) {
            System.out.print(options.usage());
            return 0;
        }
        final String stream = options.string("stream");
        final int width = options.intValue("width", 1, 1 << 14);
        final int height = options.intValue("height", 1, 1 << 14);
        if ((long)width * height * 3 > Integer.MAX_VALUE - 64) {
            throw new ExampleException(width + "x" + height + " frames are too large: keep width x height x 3 " +
                "under 2 GiB");
        }
        final double fps = options.doubleValue("fps", 0, 1e6);
        final long count = options.longValue("frames", 0, Long.MAX_VALUE);
        final String file = options.string("file");
        final int chunk = (int)options.sizeBytes("chunk", 1, 1 << 30);
        final long connectTimeoutNs = options.durationNs("connect-timeout");
        final long reportNs = options.durationNs("report");
        final ShimmyContext context = ChannelOptions.context(options);
        MemoryFileSystem.warnIfNotMemory(command, context.dir(), System.err);

        final FrameSource source = new FrameSource(command, shutdown);
        final InputStream input = file == null ? null : open(Path.of(file));
        try (Shimmy shimmy = Shimmy.open(context);
             StreamConnection connection = shimmy.connect(stream,
                 new StreamConfig().connectTimeoutNs(Math.max(1, connectTimeoutNs)))) {
            source.out.printf(Locale.ROOT, "%s: connected to stream '%s' in %s (connection %d, ring %s); sending %s%n",
                command, stream, context.dir(), connection.id(), Formats.bytes(connection.capacity()),
                file != null ? "file " + file + " in chunks of " + Formats.bytes(chunk) :
                width + "x" + height + " RGB frames at " + (fps == 0 ? "full speed" : fps + " fps"));
            source.out.flush();
            final long start = System.nanoTime();
            if (input != null) {
                source.sendFile(connection, input, chunk, reportNs);
            } else {
                source.sendFrames(connection, new FramePattern(width, height), width, height, new Pacer(fps), count,
                    reportNs);
            }
            return source.finish(connection, System.nanoTime() - start);
        } finally {
            if (input != null) {
                input.close();
            }
        }
    }

    private static InputStream open(final Path file) {
        try {
            return Files.newInputStream(file);
        } catch (final NoSuchFileException ex) {
            throw new ExampleException("file " + file + " does not exist");
        } catch (final IOException ex) {
            throw new ExampleException("cannot read file " + file + ": " + ex.getMessage());
        }
    }

    private void sendFrames(final StreamConnection connection, final FramePattern pattern, final int width,
        final int height, final Pacer pacer, final long count, final long reportNs) throws IOException {
        final byte[] frame = new byte[pattern.frameLength()];
        final Progress progress = new Progress(reportNs);
        while ((count == 0 || frames < count) && pacer.await(shutdown::requested)) {
            pattern.fill(frames, frame);
            send(connection, FrameHeader.FRAME, frame, frame.length, width, height);
            progress.tick();
        }
    }

    private void sendFile(final StreamConnection connection, final InputStream input, final int chunk,
        final long reportNs) throws IOException {
        final byte[] buffer = new byte[chunk];
        final Progress progress = new Progress(reportNs);
        int length;
        while (!shutdown.requested() && (length = input.readNBytes(buffer, 0, chunk)) > 0) {
            send(connection, FrameHeader.FRAME, buffer, length, 0, 0);
            progress.tick();
        }
        if (shutdown.requested()) {
            throw new ExampleException("stopped by signal before the end of the file, after " + bytes + " bytes");
        }
    }

    private void send(final StreamConnection connection, final int type, final byte[] payload, final int length,
        final int width, final int height) throws IOException {
        final long sentNs = System.nanoTime();
        crc.reset();
        crc.update(payload, 0, length);
        headerView.putInt(FrameHeader.MAGIC_OFFSET, FrameHeader.MAGIC)
            .putInt(FrameHeader.TYPE_OFFSET, type)
            .putLong(FrameHeader.INDEX_OFFSET, frames)
            .putLong(FrameHeader.SENT_NS_OFFSET, sentNs)
            .putLong(FrameHeader.PAYLOAD_OFFSET_OFFSET, bytes)
            .putInt(FrameHeader.PAYLOAD_LENGTH_OFFSET, length)
            .putInt(FrameHeader.CRC_OFFSET, (int)crc.getValue())
            .putInt(FrameHeader.WIDTH_OFFSET, width)
            .putInt(FrameHeader.HEIGHT_OFFSET, height);
        connection.write(header, 0, header.length);
        connection.write(payload, 0, length);
        if (type == FrameHeader.FRAME) {
            sha256.update(payload, 0, length);
            frames++;
            bytes += length;
        }
    }

    private int finish(final StreamConnection connection, final long elapsedNs) throws IOException {
        final byte[] digest = sha256.digest();
        send(connection, FrameHeader.END, digest, digest.length, 0, 0);
        connection.shutdownOutput();
        final String hex = HexFormat.of().formatHex(digest);
        out.printf(Locale.ROOT, "%s: sent %,d frames, %,d bytes in %s (%s), sha256 %s%s; waiting for the sink%n",
            command, frames, bytes, Formats.nanos(elapsedNs), Formats.megabytesPerSecond(bytes, elapsedNs), hex,
            shutdown.requested() ? " (stopped by signal)" : "");
        out.flush();
        final String verdict = new String(connection.inputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        final String expected = "OK " + frames + " " + bytes + " " + hex;
        if (!verdict.equals(expected)) {
            throw new ExampleException(verdict.isEmpty() ? "the sink closed without a verdict" :
                verdict.startsWith("FAIL ") ? "the sink reports: " + verdict.substring(5) :
                "the sink's verdict '" + verdict + "' does not match what was sent ('" + expected + "')");
        }
        out.printf(Locale.ROOT, "%s: done: the sink verified %,d frames, %,d bytes, sha256 %s%n", command, frames,
            bytes, hex);
        out.flush();
        return 0;
    }

    /** The periodic progress line. */
    private final class Progress {
        private final long intervalNs;
        private long next;
        private long lastFrames;
        private long lastBytes;
        private long lastNs;

        Progress(final long intervalNs) {
            this.intervalNs = intervalNs;
            this.lastNs = System.nanoTime();
            this.next = intervalNs > 0 ? lastNs + intervalNs : Long.MAX_VALUE;
        }

        void tick() {
            final long now = System.nanoTime();
            if (now < next) {
                return;
            }
            out.printf(Locale.ROOT, "%s: %s frames/s, %s (%,d frames sent)%n", command,
                Formats.perSecond(frames - lastFrames, now - lastNs),
                Formats.megabytesPerSecond(bytes - lastBytes, now - lastNs), frames);
            out.flush();
            lastFrames = frames;
            lastBytes = bytes;
            lastNs = now;
            next = now + intervalNs;
        }
    }
}
