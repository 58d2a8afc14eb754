package io.shimmy.stress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Private channel directories of the suites that run outside JUnit's {@code @TempDir} (jcstress states, fuzz
 * targets): on the tmpfs when there is one, removed with their files when the JVM exits.
 */
public final class ShmDir {
    private ShmDir() {
    }

    /**
     * Creates a fresh directory.
     *
     * @param prefix of its name.
     * @return the directory.
     */
    public static Path create(final String prefix) {
        try {
            final Path shm = Path.of("/dev/shm");
            final Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ?
                Files.createTempDirectory(shm, prefix) : Files.createTempDirectory(prefix);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> remove(dir)));
            return dir;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void remove(final Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (final Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (final IOException ignore) {
            // a temporary directory on the tmpfs; nothing else to do
        }
    }
}
