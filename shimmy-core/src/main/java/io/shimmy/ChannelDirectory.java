package io.shimmy;

import io.shimmy.region.ChannelHeader;
import io.shimmy.region.ChannelKind;
import io.shimmy.region.ChannelName;
import io.shimmy.stream.ConnectionName;
import io.shimmy.stream.ConnectionStatus;
import io.shimmy.stream.ListenerStatus;
import io.shimmy.topic.TopicStatus;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The channels in a channel directory, for inspection and housekeeping: what {@code shimmy list} and
 * {@code shimmy clean} show. Nothing here is on a hot path.
 */
public final class ChannelDirectory {
    /** Age after which a temporary file left by a creator that died is removed by {@link #clean}. */
    public static final long TEMP_FILE_AGE_MS = TimeUnit.MINUTES.toMillis(1);

    private ChannelDirectory() {
    }

    /**
     * One file in the directory.
     *
     * @param name file name: the channel's name for valid channels.
     * @param path of the file.
     * @param kind of channel, or null if the file is not a readable channel.
     * @param capacity ring capacity in bytes, or 0 if unknown.
     * @param inUse whether a live process heartbeats in it.
     * @param problem why the file is not a usable channel, or null.
     * @param foreign whether the file is not a Shimmy file at all (never removed by {@link #clean}).
     */
    public record Entry(String name, Path path, ChannelKind kind, long capacity, boolean inUse, String problem,
        boolean foreign) {
    }

    /**
     * Lists the channels, sorted by name; files that are not valid channels are listed with their problem.
     * Shimmy's temporary files (names starting with a dot) are not listed.
     *
     * @param dir channel directory.
     * @return the entries, empty if the directory does not exist.
     */
    public static List<Entry> list(final Path dir) {
        final List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (final Path path : stream) {
                final String name = path.getFileName().toString();
                if (!name.startsWith(".")) {
                    entries.add(inspect(dir, path));
                }
            }
        } catch (final IOException ex) {
            throw new ShimmyException("cannot list channel directory " + dir + ": " + ex +
                "; check that it is readable by this user", ex);
        }
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    /**
     * Removes channels that no live process uses, and temporary files of creators that died. Files that are not
     * Shimmy channels at all (no Shimmy magic number) are left alone: they are not Shimmy's to delete.
     * <p>
     * A topic is "used" once a publisher or subscriber holds a slot in it; a topic created in the same microseconds,
     * before its creator took its slot, looks unused and may be removed (its creator then works on an unlinked
     * file). Run it when the directory's producers are settled, as a housekeeping step. A stream listener is used
     * while its process heartbeats; a connection file while either end does (both ends are born alive).
     *
     * @param dir channel directory.
     * @param dryRun whether to only report what would be removed.
     * @return what was (or would be) removed.
     */
    public static List<Entry> clean(final Path dir, final boolean dryRun) {
        final List<Entry> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return removed;
        }
        final List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(paths::add);
        } catch (final IOException ex) {
            throw new ShimmyException("cannot list channel directory " + dir + ": " + ex, ex);
        }
        paths.sort(Comparator.naturalOrder());
        for (final Path path : paths) {
            final String name = path.getFileName().toString();
            final Entry entry;
            if (name.startsWith(".tmp-")) {
                if (!oldEnough(path)) {
                    continue;
                }
                entry = new Entry(name, path, null, 0, false, "temporary file of a creator that died", false);
            } else {
                entry = inspect(dir, path);
                if (entry.inUse() || entry.foreign()) {
                    continue;
                }
            }
            if (!dryRun) {
                try {
                    Files.deleteIfExists(path);
                } catch (final IOException ex) {
                    throw new ShimmyException("cannot remove " + path + ": " + ex +
                        "; check the directory's permissions", ex);
                }
            }
            removed.add(entry);
        }
        return removed;
    }

    private static boolean oldEnough(final Path path) {
        try {
            final FileTime modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
            return System.currentTimeMillis() - modified.toMillis() > TEMP_FILE_AGE_MS;
        } catch (final IOException ex) {
            return false;
        }
    }

    private static Entry inspect(final Path dir, final Path path) {
        final String name = path.getFileName().toString();
        try {
            if (!ChannelName.isValid(name) && !ConnectionName.isValid(name)) {
                return new Entry(name, path, null, 0, false, "not a valid channel name", true);
            }
            final ChannelHeader header = ChannelHeader.read(path);
            switch (header.kind()) {
                case TOPIC: {
                    final TopicStatus status = TopicStatus.read(dir, name);
                    return new Entry(name, path, header.kind(), status.capacity(), status.inUse(),
                        status.failed() ? "marked failed: see shimmy stat " + name : null, false);
                }
                case STREAM_LISTENER: {
                    final ListenerStatus status = ListenerStatus.read(dir, name);
                    return new Entry(name, path, header.kind(), status.capacity(), status.inUse(), null, false);
                }
                default: {
                    final ConnectionStatus status = ConnectionStatus.read(dir, name);
                    return new Entry(name, path, header.kind(), status.capacity(), status.inUse(), null, false);
                }
            }
        } catch (final ChannelNotFoundException ex) {
            return new Entry(name, path, null, 0, false, "removed while listing", true);
        } catch (final ForeignFileException ex) {
            return new Entry(name, path, null, 0, false, ex.getMessage(), true);
        } catch (final ShimmyException ex) {
            return new Entry(name, path, null, 0, false, ex.getMessage(), false);
        }
    }
}
