package io.shimmy.examples.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh channel directory for a test, under {@code /dev/shm} (a tmpfs, as in production), removed on close.
 */
public final class ShmDirectory implements AutoCloseable {
    private final Path path;

    /**
     * Creates the directory.
     */
    public ShmDirectory() {
        try {
            final Path shm = Path.of("/dev/shm");
            path = Files.isDirectory(shm) && Files.isWritable(shm) ?
                Files.createTempDirectory(shm, "shimmy-examples-test-") :
                Files.createTempDirectory("shimmy-examples-test-");
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The directory.
     *
     * @return its path.
     */
    public Path path() {
        return path;
    }

    @Override
    public String toString() {
        return path.toString();
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (final Path p : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
