package io.shimmy.region;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.CorruptChannelException;
import io.shimmy.ForeignFileException;
import io.shimmy.ShimmyException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
import static io.shimmy.region.ChannelHeaderDescriptor.PARAMS_LENGTH;
import static io.shimmy.region.ChannelHeaderDescriptor.PARAMS_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.READY_OFFSET;
import static io.shimmy.region.ChannelHeaderDescriptor.READY_VALUE;

/**
 * The checked common header of a channel file, read with ordinary file I/O (no mapping), so that a corrupt or
 * truncated file is refused before anything maps it.
 *
 * @param path of the file.
 * @param kind of channel.
 * @param flags kind-specific flags.
 * @param fileLength length the header declares, equal to the file's size.
 * @param createdMs creation time, ms since the epoch.
 * @param creatorPid pid of the creating process in its own pid namespace; informational.
 * @param creatorStartMs start time of the creating process, ms since the epoch, or 0; informational.
 * @param name of the channel, equal to the file name.
 * @param params copy of the kind-specific parameter bytes, little-endian, indexed from 0.
 */
public record ChannelHeader(Path path, ChannelKind kind, int flags, long fileLength, long createdMs,
    long creatorPid, long creatorStartMs, String name, ByteBuffer params) {

    /**
     * Reads and checks the header of a channel file.
     *
     * @param path of the file.
     * @return the header.
     * @throws ChannelNotFoundException if there is no file.
     * @throws CorruptChannelException if the file is not a complete channel file of this layout version.
     */
    public static ChannelHeader read(final Path path) {
        final String file = path.getFileName().toString();
        final String fix = "; if nothing uses it, remove it (shimmy clean, or rm " + path + ")";
        final String foreign = "; Shimmy leaves it alone (shimmy clean does not remove it): move it out of the " +
            "channel directory, or use another channel name";
        try {
            if (!ChannelFile.isRegularFile(path)) {
                throw new ForeignFileException("channel file " + path +
                    " is not a regular file (a symbolic link, directory or device); Shimmy does not follow links" +
                    foreign);
            }
            try (FileChannel channel =
                FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                final long size = channel.size();
                final ByteBuffer header = ChannelFile.readPrefix(channel, HEADER_LENGTH);
                if (header.limit() < 8 || header.getLong(MAGIC_OFFSET) != MAGIC) {
                    throw new ForeignFileException("file " + path + " is not a Shimmy channel (no Shimmy magic " +
                        "number at its start)" + foreign);
                }
                if (header.limit() < HEADER_LENGTH) {
                    throw new CorruptChannelException("channel file " + path + " is truncated: " + size +
                        " bytes, shorter than its header" + fix);
                }
                final int version = header.getInt(LAYOUT_VERSION_OFFSET);
                if (version != LAYOUT_VERSION) {
                    throw new CorruptChannelException("channel file " + path + " has layout version " + version +
                        " but this Shimmy reads version " + LAYOUT_VERSION +
                        "; use the same Shimmy version on both sides, or recreate the channel" + fix);
                }
                if (header.getInt(READY_OFFSET) != READY_VALUE) {
                    throw new CorruptChannelException("channel file " + path +
                        " was never completely initialised (its creator died while creating it)" + fix);
                }
                final ChannelKind kind = ChannelKind.fromCode(header.getInt(KIND_OFFSET));
                if (kind == null) {
                    throw new CorruptChannelException("channel file " + path + " has unknown kind " +
                        header.getInt(KIND_OFFSET) + fix);
                }
                final int headerLength = header.getInt(HEADER_LENGTH_OFFSET);
                final long fileLength = header.getLong(FILE_LENGTH_OFFSET);
                if (headerLength != HEADER_LENGTH) {
                    throw new CorruptChannelException("channel file " + path + " declares a header of " +
                        headerLength + " bytes, expected " + HEADER_LENGTH + fix);
                }
                if (fileLength != size || fileLength < BODY_OFFSET || fileLength > ChannelFile.MAX_FILE_LENGTH) {
                    throw new CorruptChannelException("channel file " + path + " is " + size +
                        " bytes but its header says " + fileLength + " (truncated or damaged)" + fix);
                }
                final int nameLength = header.getInt(NAME_LENGTH_OFFSET);
                if (nameLength < 1 || nameLength > NAME_CAPACITY) {
                    throw new CorruptChannelException("channel file " + path + " has a name length of " +
                        nameLength + fix);
                }
                final byte[] nameBytes = new byte[nameLength];
                header.get(NAME_OFFSET, nameBytes);
                final String name = new String(nameBytes, StandardCharsets.US_ASCII);
                if (!name.equals(file)) {
                    throw new CorruptChannelException("channel file " + path + " holds channel '" +
                        (ChannelName.isValid(name) ? name : "?") + "' under another name; files must not be renamed" +
                        fix);
                }
                final ByteBuffer params = ByteBuffer.allocate(PARAMS_LENGTH).order(header.order());
                params.put(0, header, PARAMS_OFFSET, PARAMS_LENGTH);
                return new ChannelHeader(path, kind, header.getInt(FLAGS_OFFSET), fileLength,
                    header.getLong(CREATED_MS_OFFSET), header.getLong(CREATOR_PID_OFFSET),
                    header.getLong(CREATOR_START_MS_OFFSET), name, params);
            }
        } catch (final NoSuchFileException ex) {
            throw new ChannelNotFoundException("no channel '" + file + "' in " + path.getParent());
        } catch (final IOException ex) {
            throw new ShimmyException("cannot read channel file " + path + ": " + ex +
                "; check its permissions (Shimmy needs read and write)", ex);
        }
    }
}
