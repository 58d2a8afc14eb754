package io.shimmy.region;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.ChannelSpaceException;
import io.shimmy.CorruptChannelException;
import io.shimmy.IncompatibleChannelException;
import io.shimmy.ShimmyException;
import io.shimmy.buffer.SharedBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import static io.shimmy.region.ChannelHeaderDescriptor.BODY_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.CREATED_MS_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.CREATOR_PID_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.CREATOR_START_MS_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.FILE_LENGTH_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.FLAGS_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.HEADER_LENGTH;
import static io.shimmy.region.ChannelHeaderDescriptor.HEADER_LENGTH_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.KIND_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.LAYOUT_VERSION;
import static io.shimmy.region.ChannelHeaderDescriptor.LAYOUT_VERSION_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.MAGIC;
import static io.shimmy.region.ChannelHeaderDescriptor.MAGIC_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.NAME_CAPACITY;
import static io.shimmy.region.ChannelHeaderDescriptor.NAME_LENGTH_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.NAME_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.READY_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.READY_VALUE;

/**
 * One channel file, mapped: creation (complete before anyone can open it), opening with every header check, and
 * pre-touching of its pages.
 * <p>
 * A file is created under a temporary name starting with {@code .}, allocated in full by writing zeros (so that a
 * full tmpfs fails here, with {@link ChannelSpaceException}, and never later with a bus error), initialised, given its
 * permissions, and only then hard-linked to its name, which fails if the name exists. Openers refuse symbolic links,
 * files of the wrong size, foreign magic, other layout versions and other kinds, and never write to such files.
 * <p>
 * The mapping is released by the garbage collector once nothing references this object or its buffer: an explicit
 * unmap would turn any late access by another thread into a JVM crash.
 */
public final class ChannelFile implements AutoCloseable {
    /** Longest file Shimmy maps in one piece. */
    public static final long MAX_FILE_LENGTH = Integer.MAX_VALUE;
    private static final int PAGE = 4096;

    private final Path path;
    private final String name;
    private final ChannelKind kind;
    private final int flags;
    private final SharedBuffer buffer;
    private final ErrorLog errorLog;
    private final boolean created;
    private final Object fileKey;

    private ChannelFile(final Path path, final String name, final ChannelKind kind, final int flags,
        final SharedBuffer buffer, final boolean created, final Object fileKey) {
        this.path = path;
        this.name = name;
        this.kind = kind;
        this.flags = flags;
        this.buffer = buffer;
        this.errorLog = new ErrorLog(buffer);
        this.created = created;
        this.fileKey = fileKey;
    }

    /**
     * Creates a channel file if no file has that name yet.
     *
     * @param dir channel directory, created (mode 0700, or with {@code permissions} plus search bits) if missing.
     * @param name of the channel, already validated.
     * @param kind of channel.
     * @param flags kind-specific flags for the header.
     * @param fileLength total length of the file, at least {@link ChannelHeaderDescriptor#BODY_OFFSET}.
     * @param permissions of the new file, e.g. {@code rw-------}.
     * @param initialiser writes the kind-specific parameters and regions before the file becomes visible.
     * @return the created file, or null if a file of that name already exists (open it instead).
     * @throws ChannelSpaceException if the file system has no room for it.
     */
    public static ChannelFile create(final Path dir, final String name, final ChannelKind kind, final int flags,
        final long fileLength, final Set<PosixFilePermission> permissions, final Consumer<SharedBuffer> initialiser) {
        if (fileLength < BODY_OFFSET || fileLength > MAX_FILE_LENGTH) {
            throw new ShimmyException("channel '" + name + "' would need a file of " + fileLength +
                " bytes; Shimmy maps files of up to " + MAX_FILE_LENGTH + " bytes: choose a smaller capacity");
        }
        ensureDirectory(dir, permissions);
        final Path target = dir.resolve(name);
        final Path temp = dir.resolve(".tmp-" + name + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            final MappedByteBuffer mapped;
            try (FileChannel channel = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE)))) {
                allocate(channel, fileLength, name, dir);
                mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileLength);
            }
            final SharedBuffer buffer = new SharedBuffer(mapped);
            writeHeader(buffer, name, kind, flags, fileLength);
            initialiser.accept(buffer);
            buffer.putIntRelease(READY_OFFSET, READY_VALUE);
            Files.setPosixFilePermissions(temp, permissions);
            final Object key = fileKey(temp);
            try {
                Files.createLink(target, temp);
            } catch (final FileAlreadyExistsException exists) {
                return null;
            }
            return new ChannelFile(target, name, kind, flags, buffer, true, key);
        } catch (final IOException ex) {
            throw new ShimmyException("cannot create channel '" + name + "' in " + dir + ": " + ex +
                "; check that the directory is writable by this user", ex);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (final IOException ignore) {
                // an orphan temporary file is removed by 'shimmy clean'
            }
        }
    }

    /**
     * Opens and maps an existing channel file after checking its header.
     *
     * @param dir channel directory.
     * @param name of the channel.
     * @param expected kind of channel.
     * @return the mapped file.
     * @throws ChannelNotFoundException if there is no such file.
     * @throws CorruptChannelException if the file is not a valid channel.
     * @throws IncompatibleChannelException if it is a channel of another kind.
     */
    public static ChannelFile open(final Path dir, final String name, final ChannelKind expected) {
        return open(dir, name, expected, false);
    }

    /**
     * Opens and maps an existing channel file after checking its header, possibly read-only (for inspection by
     * users who may read but not write it; any write through the buffer then fails).
     *
     * @param dir channel directory.
     * @param name of the channel.
     * @param expected kind of channel.
     * @param readOnly whether to open and map for reading only.
     * @return the mapped file.
     */
    public static ChannelFile open(final Path dir, final String name, final ChannelKind expected,
        final boolean readOnly) {
        final Path path = dir.resolve(name);
        final ChannelHeader header = ChannelHeader.read(path);
        if (header.kind() != expected) {
            throw new IncompatibleChannelException("channel '" + name + "' in " + dir + " is a " +
                header.kind().label() + ", not a " + expected.label() + ": use another name");
        }
        final Set<OpenOption> mode = readOnly ? Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS) :
            Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            final Object before = fileKey(path);
            try (FileChannel channel = FileChannel.open(path, mode)) {
                final long size = channel.size();
                if (size != header.fileLength()) {
                    throw new CorruptChannelException("channel '" + name + "' changed size while being opened (" +
                        header.fileLength() + " -> " + size + " bytes); remove it with 'shimmy clean' or rm");
                }
                final MappedByteBuffer mapped =
                    channel.map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0, size);
                final Object after = fileKey(path);
                return new ChannelFile(path, name, header.kind(), header.flags(), new SharedBuffer(mapped), false,
                    before != null && before.equals(after) ? before : null);
            }
        } catch (final NoSuchFileException ex) {
            throw new ChannelNotFoundException("channel '" + name + "' disappeared from " + dir + " while opening");
        } catch (final IOException ex) {
            throw new ShimmyException("cannot open channel '" + name + "' in " + dir + ": " + ex +
                "; check the file's permissions (Shimmy needs read and write)", ex);
        }
    }

    /**
     * Whether the file at this channel's path is still the one mapped here: not removed, nor replaced by a new
     * channel of the same name (as after {@code shimmy clean} and a new creator).
     *
     * @return true if the path still leads to the mapped file.
     */
    public boolean stillAtPath() {
        try {
            return fileKey != null && fileKey.equals(fileKey(path));
        } catch (final IOException ex) {
            return false;
        }
    }

    /**
     * Removes the file's name from the directory, if the name still refers to this file (and not to a file
     * created since under the same name). Processes that have it mapped keep using it.
     *
     * @return true if this call removed it.
     */
    public boolean delete() {
        try {
            return stillAtPath() && Files.deleteIfExists(path);
        } catch (final IOException ex) {
            return false;
        }
    }

    private static Object fileKey(final Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /**
     * Makes every page of a range resident in this process, so that first touches on a hot path do not fault.
     * The pages are written with an atomic add of zero, which changes nothing that others see.
     *
     * @param offset of the range, 8-byte aligned.
     * @param length of the range.
     */
    public void preTouch(final int offset, final int length) {
        for (long i = offset; i < (long)offset + length; i += PAGE) {
            buffer.getAndAddLong((int)i, 0);
        }
    }

    /**
     * The mapped bytes of the whole file.
     *
     * @return the buffer.
     */
    public SharedBuffer buffer() {
        return buffer;
    }

    /**
     * The channel's error log.
     *
     * @return the log.
     */
    public ErrorLog errorLog() {
        return errorLog;
    }

    /**
     * Path of the file.
     *
     * @return the path.
     */
    public Path path() {
        return path;
    }

    /**
     * Name of the channel.
     *
     * @return the name.
     */
    public String name() {
        return name;
    }

    /**
     * Kind of the channel.
     *
     * @return the kind.
     */
    public ChannelKind kind() {
        return kind;
    }

    /**
     * The kind-specific flags in the header.
     *
     * @return the flags.
     */
    public int flags() {
        return flags;
    }

    /**
     * Whether this process created the file (rather than opening an existing one).
     *
     * @return true if created here.
     */
    public boolean created() {
        return created;
    }

    /**
     * Releases this process's claim on the file. The mapping itself goes when the garbage collector finds it
     * unreachable; the file stays until removed.
     */
    @Override
    public void close() {
        // nothing to release eagerly: see the class comment
    }

    /**
     * Creates the channel directory if it is missing.
     *
     * @param dir to create.
     * @param filePermissions of the channel files; the directory gets the same bits plus search bits.
     */
    public static void ensureDirectory(final Path dir, final Set<PosixFilePermission> filePermissions) {
        if (Files.isDirectory(dir)) {
            return;
        }
        final Set<PosixFilePermission> perms = EnumSet.copyOf(filePermissions);
        perms.add(PosixFilePermission.OWNER_EXECUTE);
        if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.GROUP_WRITE)) {
            perms.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            perms.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, perms);
        } catch (final FileAlreadyExistsException ex) {
            throw new ShimmyException("channel directory " + dir + " exists but is not a directory: " +
                "choose another directory with --dir or SHIMMY_DIR", ex);
        } catch (final IOException ex) {
            if (Files.isDirectory(dir)) {
                return;
            }
            throw new ShimmyException("cannot create channel directory " + dir + ": " + ex +
                "; create it by hand or choose another with --dir or SHIMMY_DIR", ex);
        }
    }

    private static void allocate(final FileChannel channel, final long length, final String name, final Path dir)
        throws IOException {
        final ByteBuffer zeros = ByteBuffer.allocateDirect((int)Math.min(length, 1 << 20));
        long written = 0;
        try {
            while (written < length) {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - written));
                written += channel.write(zeros, written);
            }
        } catch (final IOException ex) {
            final String text = String.valueOf(ex.getMessage());
            if (text.contains("No space left") || text.contains("quota")) {
                throw new ChannelSpaceException("no space for channel '" + name + "' (" + length +
                    " bytes) in " + dir + ": " + text + "; free space (shimmy clean), use a smaller capacity, " +
                    "or enlarge the tmpfs (e.g. docker --shm-size)", ex);
            }
            throw ex;
        }
    }

    private static void writeHeader(final SharedBuffer buffer, final String name, final ChannelKind kind,
        final int flags, final long fileLength) {
        final byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length > NAME_CAPACITY) {
            throw new IllegalArgumentException("name too long: " + name);
        }
        buffer.putLong(MAGIC_OFFSET, MAGIC);
        buffer.putInt(LAYOUT_VERSION_OFFSET, LAYOUT_VERSION);
        buffer.putInt(KIND_OFFSET, kind.code());
        buffer.putInt(HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        buffer.putLong(FILE_LENGTH_OFFSET, fileLength);
        buffer.putLong(CREATED_MS_OFFSET, System.currentTimeMillis());
        final ProcessHandle self = ProcessHandle.current();
        buffer.putLong(CREATOR_PID_OFFSET, self.pid());
        buffer.putLong(CREATOR_START_MS_OFFSET, self.info().startInstant().map(i -> i.toEpochMilli()).orElse(0L));
        buffer.putInt(FLAGS_OFFSET, flags);
        buffer.putInt(NAME_LENGTH_OFFSET, nameBytes.length);
        buffer.putBytes(NAME_OFFSET, nameBytes, 0, nameBytes.length);
    }

    static boolean isRegularFile(final Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile();
    }

    static ByteBuffer readPrefix(final FileChannel channel, final int length) throws IOException {
        final ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0) {
            continue;
        }
        return bytes.flip();
    }
}
