package io.shimmy.stress;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files under fuzz: channel files with fuzzer-chosen bytes, stored in a private directory on the tmpfs for the
 * code under test to open, and the checks every fuzz test makes afterwards: files kept their sizes, nothing else
 * appeared in the directory, regions that must not change did not.
 */
public final class FuzzedFiles {
    /** The directory of the files under fuzz. */
    public static final Path DIR = ShmDir.create("shimmy-fuzz-");

    private FuzzedFiles() {
    }

    /**
     * Overwrites up to 16 fields of a region with fuzzer-chosen values, 1, 2, 4 or 8 bytes wide.
     *
     * @param bytes the file's bytes.
     * @param data the fuzzer's input.
     * @param from first byte of the region.
     * @param to end of the region (exclusive).
     */
    public static void overwrite(final byte[] bytes, final FuzzedDataProvider data, final int from, final int to) {
        final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int writes = data.consumeInt(0, 16);
        for (int i = 0; i < writes; i++) {
            final int width = 1 << data.consumeInt(0, 3);
            final int at = data.consumeInt(from, to - width);
            switch (width) {
                case 1 -> view.put(at, data.consumeByte());
                case 2 -> view.putShort(at, data.consumeShort());
                case 4 -> view.putInt(at, data.consumeInt());
                default -> view.putLong(at, data.consumeLong());
            }
        }
    }

    /**
     * Stores bytes as a file under fuzz, replacing the one of that name (whose mappings stay valid).
     *
     * @param name of the file.
     * @param bytes its content.
     * @return its path.
     */
    public static Path store(final String name, final byte[] bytes) {
        final Path path = DIR.resolve(name);
        try {
            Files.deleteIfExists(path);
            Files.write(path, bytes);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            return path;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Removes every file under fuzz (their mappings stay valid).
     */
    public static void clear() {
        try (Stream<Path> files = Files.list(DIR)) {
            for (final Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Fails unless every file in the directory is one of the given ones, of its given length: nothing was written
     * outside them. A file may be missing, removed as the code under test is allowed to; callers check that
     * separately where it matters.
     *
     * @param allowed names and lengths.
     */
    public static void assertContained(final Map<String, Long> allowed) {
        try (Stream<Path> files = Files.list(DIR)) {
            final List<Path> all = files.toList();
            for (final Path file : all) {
                final Long length = allowed.get(file.getFileName().toString());
                if (length == null || Files.size(file) != length) {
                    throw new AssertionError("the directory changed: " + all + ", expected only " + allowed);
                }
            }
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Fails unless a region of a file under fuzz still holds the given bytes; a file that is gone is not checked.
     *
     * @param name of the file.
     * @param expected the bytes the region must hold.
     * @param from first byte of the region.
     * @param to end of the region (exclusive).
     */
    public static void assertUnchanged(final String name, final byte[] expected, final int from, final int to) {
        final byte[] now;
        try {
            now = Files.readAllBytes(DIR.resolve(name));
        } catch (final java.nio.file.NoSuchFileException ex) {
            return;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        for (int i = from; i < Math.min(to, Math.min(now.length, expected.length)); i++) {
            if (now[i] != expected[i]) {
                throw new AssertionError("byte " + i + " of " + name + " changed: " + expected[i] + " -> " + now[i]);
            }
        }
    }
}
