package io.shimmy.examples.frames;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.examples.common.ChannelOptions;
import io.shimmy.examples.common.ExampleException;
import io.shimmy.examples.common.Formats;
import io.shimmy.examples.common.LatencyHistogram;
import io.shimmy.examples.common.MemoryFileSystem;
import io.shimmy.examples.common.Options;
import io.shimmy.examples.common.Shutdown;
import io.shimmy.stream.StreamConfig;
import io.shimmy.stream.StreamConnection;
import io.shimmy.stream.StreamListener;
import io.shimmy.wait.WaitStrategy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * {@code shimmy-frames sink}: listens on a stream and receives one transfer per connection. It checks each frame's
 * CRC-32C, index and offset, computes the SHA-256 of all payloads, and at the END frame compares it with the
 * source's, then expects end of stream (the source's half-close) and answers {@code OK frames bytes sha256} or
 * {@code FAIL reason}. It reports frames per second, MB/s and per-frame latency (from the time the source began the
 * frame to the time the whole frame is here) every report interval and per transfer.
 * <p>
 * It serves connections one after another until {@code --connections} are done or SIGTERM; a transfer in progress
 * at SIGTERM gets {@link #STOP_GRACE_NS} to end. A transfer that a dying or stopping source broke off is reported
 * and does not stop the sink. Exits 1 if any transfer failed verification.
 */
final class FrameSink {
    /** How long a transfer in progress may go on after SIGTERM. */
    static final long STOP_GRACE_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long ACCEPT_POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String command;
    private final PrintStream out = System.out;
    private final Shutdown shutdown;
    private final int maxFrame;
    private final Path output;
    private final long reportNs;
    private final byte[] header = new byte[FrameHeader.LENGTH];
    private final ByteBuffer headerView = FrameHeader.wrap(header);
    private final CRC32C crc = new CRC32C();
    private final MessageDigest sha256 = Sha256.newDigest();
    private final LatencyHistogram interval = new LatencyHistogram();
    private final LatencyHistogram transfer = new LatencyHistogram();
    private byte[] payload = new byte[1 << 20];
    private long stopSeenNs;

    private FrameSink(final String command, final Shutdown shutdown, final int maxFrame, final Path output,
        final long reportNs) {
        this.command = command;
        this.shutdown = shutdown;
        this.maxFrame = maxFrame;
        this.output = output;
        this.reportNs = reportNs;
    }

    /**
     * Runs the role.
     *
     * @param command as typed.
     * @param args its options.
     * @param shutdown the stop flag.
     * @return the exit status.
     * @throws IOException if the listener fails.
     */
    static int run(final String command, final String[] args, final Shutdown shutdown) throws IOException {
        final Options options = ChannelOptions.addTo(new Options(command,
            "Receives frame transfers on a Shimmy stream and verifies their checksums."))
            .add("stream", "FRAMES_STREAM", "frames", "stream to listen on")
            .add("connections", "FRAMES_CONNECTIONS", "0", "exit after this many transfers; 0: until SIGTERM")
            .add("capacity", "FRAMES_CAPACITY", "4m", "ring capacity of each connection, each direction")
            .add("max-frame", "FRAMES_MAX_FRAME", "64m", "largest frame payload accepted")
            .add("output", "FRAMES_OUTPUT", null, "write each verified transfer's payload to this file")
            .add("report", "FRAMES_REPORT", "1s", "interval of the progress line; 0: summaries only")
            .parse(args);
        if (options.helpRequested()) {
            System.out.print(options.usage());
            return 0;
        }
        final String stream = options.string("stream");
        final int connections = options.intValue("connections", 0, Integer.MAX_VALUE);
        final int capacity = (int)options.sizeBytes("capacity", 4096, 1 << 30);
        final int maxFrame = (int)options.sizeBytes("max-frame", 1, Integer.MAX_VALUE - 64);
        final String output = options.string("output");
        final long reportNs = options.durationNs("report");
        final ShimmyContext context = ChannelOptions.context(options);
        MemoryFileSystem.warnIfNotMemory(command, context.dir(), System.err);

        final FrameSink sink = new FrameSink(command, shutdown, maxFrame, output == null ? null : Path.of(output),
            reportNs);
        try (Shimmy shimmy = Shimmy.open(context);
             StreamListener listener = shimmy.listen(stream, new StreamConfig().capacity(capacity))) {
            sink.out.printf("%s: listening on stream '%s' in %s (rings of %s, files mode %s)%n", command, stream,
                context.dir(), Formats.bytes(capacity), context.mode());
            sink.out.flush();
            return sink.serve(listener, connections);
        }
    }

    private int serve(final StreamListener listener, final int connections) throws IOException {
        int served = 0;
        int failed = 0;
        int broken = 0;
        long frames = 0;
        long bytes = 0;
        while (!shutdown.requested() && (connections == 0 || served < connections)) {
            try (StreamConnection connection = listener.accept(ACCEPT_POLL_NS)) {
                if (connection == null) {
                    continue;
                }
                served++;
                final Transfer result = new Transfer();
                try {
                    receive(connection, result);
                } catch (final IOException | ExampleException ex) {
                    broken(result, ex.getMessage());
                }
                frames += result.frames;
                bytes += result.bytes;
                if (result.failure != null) {
                    failed++;
                    tell(connection, "FAIL " + result.failure);
                    out.printf("%s: connection %d FAILED verification: %s%n", command, connection.id(),
                        result.failure);
                } else if (result.broken != null) {
                    broken++;
                    out.printf("%s: connection %d broken off after %,d frames: %s%n", command, connection.id(),
                        result.frames, result.broken);
                }
                out.flush();
            }
        }
        out.printf(Locale.ROOT, "%s: done: %d transfers, %d verified, %d failed, %d broken off; %,d frames, %,d " +
            "bytes%s%n", command, served, served - failed - broken, failed, broken, frames, bytes,
            shutdown.requested() ? "; stopped by signal" : "");
        out.flush();
        if (failed > 0) {
            throw new ExampleException(failed + " of " + served + " transfers failed verification (see above)");
        }
        return 0;
    }

    /**
     * What one connection brought: verified, failed (the bytes are not what the source sent) or broken off (the
     * source died, stopped or closed before its END frame).
     */
    private static final class Transfer {
        private long frames;
        private long bytes;
        private String failure;
        private String broken;
    }

    private Transfer receive(final StreamConnection connection, final Transfer result) throws IOException {
        connection.blocking(false);
        final WaitStrategy wait = connection.newWaitStrategy();
        sha256.reset();
        interval.reset();
        transfer.reset();
        stopSeenNs = 0;
        final long start = System.nanoTime();
        long nextReport = reportNs > 0 ? start + reportNs : Long.MAX_VALUE;
        long reportedFrames = 0;
        long reportedBytes = 0;
        long reportedAt = start;
        out.printf("%s: connection %d accepted%n", command, connection.id());
        out.flush();
        try (OutputStream file = output == null ? null : Files.newOutputStream(partial())) {
            while (true) {
                if (!read(connection, wait, header, FrameHeader.LENGTH, result.frames == 0 && result.bytes == 0)) {
                    return broken(result, "the stream ended without an END frame");
                }
                final String problem = check(result);
                if (problem != null) {
                    return fail(result, problem);
                }
                final int length = headerView.getInt(FrameHeader.PAYLOAD_LENGTH_OFFSET);
                if (length > payload.length) {
                    payload = new byte[length];
                }
                if (!read(connection, wait, payload, length, false)) {
                    return broken(result, "the stream ended in the middle of frame " + result.frames);
                }
                if (headerView.getInt(FrameHeader.TYPE_OFFSET) == FrameHeader.END) {
                    return end(connection, wait, result, System.nanoTime() - start, file != null);
                }
                final long arrivedNs = System.nanoTime();
                crc.reset();
                crc.update(payload, 0, length);
                if ((int)crc.getValue() != headerView.getInt(FrameHeader.CRC_OFFSET)) {
                    return fail(result, "frame " + result.frames + " has a wrong CRC-32C: its bytes changed " +
                        "on the way");
                }
                sha256.update(payload, 0, length);
                if (file != null) {
                    file.write(payload, 0, length);
                }
                interval.record(arrivedNs - headerView.getLong(FrameHeader.SENT_NS_OFFSET));
                result.frames++;
                result.bytes += length;
                if (arrivedNs >= nextReport) {
                    out.printf("%s: %s frames/s, %s, frame latency %s%n", command,
                        Formats.perSecond(result.frames - reportedFrames, arrivedNs - reportedAt),
                        Formats.megabytesPerSecond(result.bytes - reportedBytes, arrivedNs - reportedAt),
                        Formats.percentiles(interval));
                    out.flush();
                    transfer.add(interval);
                    interval.reset();
                    reportedFrames = result.frames;
                    reportedBytes = result.bytes;
                    reportedAt = arrivedNs;
                    nextReport = arrivedNs + reportNs;
                }
            }
        } catch (final StopException stopped) {
            return broken(result, "stopped by signal before the END frame");
        }
    }

    private String check(final Transfer result) {
        final int type = headerView.getInt(FrameHeader.TYPE_OFFSET);
        final int length = headerView.getInt(FrameHeader.PAYLOAD_LENGTH_OFFSET);
        if (headerView.getInt(FrameHeader.MAGIC_OFFSET) != FrameHeader.MAGIC ||
            type != FrameHeader.FRAME && type != FrameHeader.END) {
            return "frame " + result.frames + " does not start with a frame header: is the peer a frames source?";
        }
        if (length < 0 || length > maxFrame) {
            return "frame " + result.frames + " claims " + length + " bytes, more than --max-frame " + maxFrame;
        }
        if (type == FrameHeader.END && length != FrameHeader.DIGEST_LENGTH) {
            return "the END frame carries " + length + " bytes instead of a " + FrameHeader.DIGEST_LENGTH +
                "-byte SHA-256";
        }
        if (headerView.getLong(FrameHeader.INDEX_OFFSET) != result.frames ||
            headerView.getLong(FrameHeader.PAYLOAD_OFFSET_OFFSET) != result.bytes) {
            return "frame " + headerView.getLong(FrameHeader.INDEX_OFFSET) + " at offset " +
                headerView.getLong(FrameHeader.PAYLOAD_OFFSET_OFFSET) + " came where frame " + result.frames +
                " at offset " + result.bytes + " was due";
        }
        return null;
    }

    private Transfer end(final StreamConnection connection, final WaitStrategy wait, final Transfer result,
        final long elapsedNs, final boolean toFile) throws IOException {
        final String digest = HexFormat.of().formatHex(sha256.digest());
        final String theirs = HexFormat.of().formatHex(payload, 0, FrameHeader.DIGEST_LENGTH);
        if (!digest.equals(theirs)) {
            return fail(result, "SHA-256 mismatch: received " + digest + ", the source sent " + theirs);
        }
        if (read(connection, wait, header, 1, false)) {
            return fail(result, "bytes follow the END frame: the source did not shut its output down");
        }
        if (toFile) {
            Files.move(partial(), output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        reply(connection, "OK " + result.frames + " " + result.bytes + " " + digest);
        transfer.add(interval);
        out.printf(Locale.ROOT, "%s: connection %d verified: %,d frames, %,d bytes in %s (%s), sha256 %s%s%n",
            command, connection.id(), result.frames, result.bytes, Formats.nanos(elapsedNs),
            Formats.megabytesPerSecond(result.bytes, elapsedNs), digest, toFile ? ", written to " + output : "");
        out.printf("%s: connection %d frame latency: %s%n", command, connection.id(), Formats.percentiles(transfer));
        out.flush();
        return result;
    }

    private Transfer fail(final Transfer result, final String failure) {
        result.failure = failure;
        return discard(result);
    }

    private Transfer broken(final Transfer result, final String why) {
        result.broken = why;
        return discard(result);
    }

    private Transfer discard(final Transfer result) {
        try {
            if (output != null) {
                Files.deleteIfExists(partial());
            }
        } catch (final IOException ignore) {
            // a partial file left behind is overwritten by the next transfer
        }
        return result;
    }

    /** Sends a failure verdict if the source still listens; it may be gone, which is no news. */
    private static void tell(final StreamConnection connection, final String verdict) {
        try {
            reply(connection, verdict);
        } catch (final IOException gone) {
            // the source closed or died: it learns nothing either way
        }
    }

    private static void reply(final StreamConnection connection, final String verdict) throws IOException {
        connection.blocking(true);
        connection.write(ByteBuffer.wrap((verdict + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    private Path partial() {
        return output.resolveSibling(output.getFileName() + ".part");
    }

    /**
     * Reads exactly {@code length} bytes, waiting with the connection's wait strategy.
     *
     * @return true if read, false at end of stream before the first byte.
     * @throws StopException if a stop was requested and no byte came since: at once if {@code stopAtOnce} (between
     *     transfers), else after {@link #STOP_GRACE_NS}.
     */
    private boolean read(final StreamConnection connection, final WaitStrategy wait, final byte[] into,
        final int length, final boolean stopAtOnce) throws IOException {
        int done = 0;
        while (done < length) {
            final int n = connection.read(into, done, length - done);
            if (n < 0) {
                if (done > 0) {
                    throw new ExampleException("the stream ended in the middle of a frame: the source stopped " +
                        "without finishing it");
                }
                return false;
            }
            done += n;
            wait.idle(n);
            if (n == 0 && shutdown.requested()) {
                final long now = System.nanoTime();
                if (stopSeenNs == 0) {
                    stopSeenNs = now;
                }
                if (stopAtOnce || now - stopSeenNs > STOP_GRACE_NS) {
                    throw new StopException();
                }
            }
        }
        return true;
    }

    /** A stop by signal in the middle of a transfer that did not end within the grace period. */
    private static final class StopException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopException() {
            super(null, null, false, false);
        }
    }
}
