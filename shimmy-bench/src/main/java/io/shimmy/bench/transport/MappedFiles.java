package io.shimmy.bench.transport;

import io.shimmy.buffer.SharedBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Maps the files of transports that share memory without a library of their own, and touches every page so that
 * no first access in a measured loop takes a page fault.
 */
public final class MappedFiles {
    private static final int PAGE = 4096;
    private static final long OPEN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    private MappedFiles() {
    }

    /**
     * Creates a zeroed file and maps it.
     *
     * @param path of the new file.
     * @param length in bytes.
     * @return the mapping, every page touched.
     * @throws IOException if the file exists or cannot be made.
     */
    public static SharedBuffer create(final Path path, final int length) throws IOException {
        final Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        final SharedBuffer buffer = map(temp, length, true);
        Files.move(temp, path);
        return buffer;
    }

    /**
     * Maps a file another process created, waiting a bounded time for it to appear.
     *
     * @param path of the file.
     * @param length in bytes.
     * @return the mapping, every page touched.
     * @throws IOException if it does not appear or cannot be mapped.
     */
    public static SharedBuffer open(final Path path, final int length) throws IOException {
        final long start = System.nanoTime();
        while (!Files.exists(path)) {
            if (System.nanoTime() - start > OPEN_TIMEOUT_NS) {
                throw new IOException(path + " did not appear within 30 s");
            }
            Thread.onSpinWait();
        }
        return map(path, length, false);
    }

    private static SharedBuffer map(final Path path, final int length, final boolean create) throws IOException {
        try (FileChannel channel = create ?
            FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE) :
            FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (create) {
                channel.truncate(length);
                channel.write(ByteBuffer.wrap(new byte[1]), length - 1);
            } else if (channel.size() < length) {
                throw new IOException(path + " has " + channel.size() + " bytes, expected " + length);
            }
            final MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
            final SharedBuffer buffer = new SharedBuffer(mapped);
            for (int i = 0; i + Long.BYTES <= length; i += PAGE) {
                buffer.getAndAddLong(i, 0);
            }
            return buffer;
        }
    }
}
