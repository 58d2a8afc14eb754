package io.shimmy.stream;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes the stream files that {@link StreamFormatCompatibilityTest} reads, copied while in use: the listener
 * {@value #NAME} (4 KiB rings, backlog 1) and its connection {@code format-v2@1}, in which the connector wrote
 * {@link #UP} and ended its output, the acceptor read 2 bytes of it, and the acceptor wrote 300 counting bytes that
 * nobody read. The heartbeats are set to 0, an instant long past on any machine, so that the ends look dead
 * wherever the files are read. Not a test: run it by hand once per layout version and check its output in as
 * {@code src/test/resources/format/stream-listener-vN.bin} and {@code stream-connection-vN.bin}.
 * <pre>
 *   java -cp shimmy-core/target/test-classes:shimmy-core/target/classes:JNR io.shimmy.stream.StreamFormatFileGenerator
 *       LISTENER_OUT CONNECTION_OUT
 * </pre>
 */
public final class StreamFormatFileGenerator {
    /** Name of the stream in the files. */
    static final String NAME = "format-v2";
    /** What the connector wrote. */
    static final byte[] UP = "hello".getBytes(StandardCharsets.US_ASCII);
    /** How many bytes the acceptor wrote. */
    static final int DOWN = 300;

    private StreamFormatFileGenerator() {
    }

    private static void zeroHeartbeat(final Path file, final int end) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8), end + StreamDescriptor.END_HEARTBEAT_OFFSET);
        }
    }

    /**
     * Writes the files.
     *
     * @param args the output paths of the listener and the connection file.
     * @throws Exception if they cannot be written.
     */
    public static void main(final String[] args) throws Exception {
        final Path dir = Files.createTempDirectory("shimmy-format-");
        final StreamConfig config = new StreamConfig().capacity(4096).backlog(1);
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             StreamListener listener = shimmy.listen(NAME, config)) {
            final CompletableFuture<StreamConnection> connecting =
                CompletableFuture.supplyAsync(() -> shimmy.connect(NAME, config));
            final StreamConnection acceptor = listener.accept(TimeUnit.SECONDS.toNanos(10));
            final StreamConnection connector = connecting.get(10, TimeUnit.SECONDS);
            connector.write(UP, 0, UP.length);
            connector.shutdownOutput();
            acceptor.read(new byte[2], 0, 2);
            final byte[] down = new byte[DOWN];
            for (int i = 0; i < DOWN; i++) {
                down[i] = (byte)i;
            }
            acceptor.write(down, 0, DOWN);
            Files.copy(dir.resolve(NAME), Path.of(args[0]), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve(ConnectionName.of(NAME, 1)), Path.of(args[1]), StandardCopyOption.REPLACE_EXISTING);
            zeroHeartbeat(Path.of(args[0]), ListenerDescriptor.LISTENER_END_OFFSET);
            zeroHeartbeat(Path.of(args[1]), StreamDescriptor.CONNECTOR_END_OFFSET);
            zeroHeartbeat(Path.of(args[1]), StreamDescriptor.ACCEPTOR_END_OFFSET);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
