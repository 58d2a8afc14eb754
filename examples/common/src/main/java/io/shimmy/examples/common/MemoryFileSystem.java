package io.shimmy.examples.common;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Warns when the channel directory is not on a memory file system. Shimmy works on any file system that supports
 * shared mappings, but on a disk-backed one (a container's overlay layer, a bind-mounted host directory) the kernel
 * writes the rings back to disk, and on a network or FUSE file system two hosts or two mounts do not share pages
 * at all. See docs/containers.md.
 */
public final class MemoryFileSystem {
    private static final Set<String> MEMORY_TYPES = Set.of("tmpfs", "ramfs", "hugetlbfs");

    private MemoryFileSystem() {
    }

    /**
     * The type of the file system holding a directory, or of its nearest existing ancestor.
     *
     * @param dir the channel directory, which may not exist yet.
     * @return the type as the kernel names it ({@code tmpfs}, {@code overlay}, {@code nfs4}...), or null if unknown.
     */
    public static String type(final Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return null;
        }
        try {
            final FileStore store = Files.getFileStore(existing);
            return store.type();
        } catch (final IOException ex) {
            return null;
        }
    }

    /**
     * Prints a one-line warning if the directory is on a file system that is not held in memory.
     *
     * @param command the example's command, prefixed to the warning.
     * @param dir the channel directory.
     * @param err where to print.
     * @return true if it warned.
     */
    public static boolean warnIfNotMemory(final String command, final Path dir, final PrintStream err) {
        final String type = type(dir);
        if (type == null || MEMORY_TYPES.contains(type)) {
            return false;
        }
        err.println(command + ": warning: channel directory " + dir + " is on a " + type + " file system, not " +
            "tmpfs: mount a tmpfs (or a Kubernetes emptyDir with medium: Memory) there; see docs/containers.md");
        return true;
    }
}
