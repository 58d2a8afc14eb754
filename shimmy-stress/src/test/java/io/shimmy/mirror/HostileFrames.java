package io.shimmy.mirror;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the mirror fuzz tests share: raw bytes onto a control connection, draining what the peer answers, a
 * record of exceptions that escape any thread, and emptying a directory between inputs.
 */
final class HostileFrames {
    private static final List<Throwable> UNCAUGHT = new CopyOnWriteArrayList<>();

    private HostileFrames() {
    }

    /**
     * Records, from now on, every exception that escapes a thread of this JVM.
     *
     * @return the live list of them.
     */
    static synchronized List<Throwable> uncaught() {
        Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> UNCAUGHT.add(ex));
        return UNCAUGHT;
    }

    /**
     * Writes raw bytes to the connection's socket, for at most 5 s.
     *
     * @param connection to write.
     * @param bytes to write.
     * @throws IOException if the socket broke.
     */
    static void write(final Connection connection, final ByteBuffer bytes) throws IOException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (bytes.hasRemaining() && System.nanoTime() < deadline) {
            if (connection.channel().write(bytes) == 0) {
                connection.await(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /**
     * Reads and drops what the peer sends, for a while, so that it is never stuck writing to this end.
     *
     * @param connection to read.
     * @param forNs how long.
     * @throws IOException if the peer closed or broke the connection, or sent a frame of an impossible length.
     */
    static void drain(final Connection connection, final long forNs) throws IOException {
        final long deadline = System.nanoTime() + forNs;
        do {
            connection.poll((type, topic, a, b, c, payload, index, length) -> { });
        } while (System.nanoTime() < deadline);
    }

    /**
     * Removes the files of a directory.
     *
     * @param dir to empty.
     */
    static void clear(final Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
