package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers of topic tests: a second, raw mapping of a topic file to look at or tamper with its shared state, and
 * small message utilities.
 */
final class Topics {
    private Topics() {
    }

    static Shimmy shimmy(final Path dir) {
        return Shimmy.open(new ShimmyContext().dir(dir));
    }

    /**
     * Maps an existing topic without taking a slot: what another process sees.
     *
     * @param dir channel directory.
     * @param name of the topic.
     * @return the mapped topic.
     */
    static TopicFile raw(final Path dir, final String name) {
        return TopicFile.open(dir, name, null, false, null, false);
    }

    /**
     * Index in the file of the record at a position.
     *
     * @param topic mapped topic.
     * @param position of the record.
     * @return the index of its header.
     */
    static int recordIndex(final TopicFile topic, final long position) {
        return topic.ringOffset() + (int)(position & topic.mask());
    }

    static long stampAt(final TopicFile topic, final long position) {
        return topic.buffer().getLongVolatile(recordIndex(topic, position));
    }

    static int lengthAt(final TopicFile topic, final long position) {
        return topic.buffer().getInt(recordIndex(topic, position) + RecordDescriptor.LENGTH_OFFSET);
    }

    /**
     * A deterministic payload.
     *
     * @param length of the payload.
     * @param seed that makes payloads differ.
     * @return the bytes.
     */
    static byte[] pattern(final int length, final long seed) {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte)(seed * 31 + i * 7 + (seed >>> 8));
        }
        return bytes;
    }

    /**
     * Polls until nothing more comes, copying every message.
     *
     * @param subscription to poll.
     * @return the messages, in order.
     */
    static List<byte[]> drain(final Subscription subscription) {
        final List<byte[]> messages = new ArrayList<>();
        final MessageHandler copier = (buffer, offset, length) -> messages.add(copy(buffer, offset, length));
        int idle = 0;
        while (idle < 200) {
            final int count = subscription.poll(copier, 64);
            if (count < 0) {
                throw new AssertionError("poll returned " + count);
            }
            idle = count == 0 ? idle + 1 : 0;
        }
        return messages;
    }

    static byte[] copy(final SharedBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes, 0, length);
        return bytes;
    }
}
