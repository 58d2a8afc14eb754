package io.shimmy.mirror;

import io.shimmy.topic.TopicDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads of a replica's shared state for assertions, without mapping it or taking a slot.
 */
final class Topics {
    private Topics() {
    }

    /**
     * The replica tail of a replica.
     *
     * @param dir channel directory.
     * @param topic name.
     * @return the replica tail, or -1 if the file does not exist.
     */
    static long replicaTail(final Path dir, final String topic) {
        final Path file = dir.resolve(topic);
        if (!file.toFile().exists()) {
            return -1;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final ByteBuffer word = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(word, TopicDescriptor.REPLICA_TAIL_OFFSET);
            return word.getLong(0);
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
