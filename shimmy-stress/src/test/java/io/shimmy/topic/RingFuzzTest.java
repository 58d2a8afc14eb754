package io.shimmy.topic;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.ShimmyException;
import io.shimmy.stress.FuzzedFiles;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Any ring contents and tail, as {@link Subscription#poll} finds them: record stamps of any position and type,
 * lengths and spans of any value, torn or foreign bytes. Polls deliver only payloads inside the ring and no longer
 * than the maximum, or return {@link Subscription#CHANNEL_FAILED}; offers, reclaims and status snapshots on the
 * same ring return documented results; nothing throws anything but a Shimmy exception, and every call returns.
 */
class RingFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void shouldDeliverInBoundsOrFailCleanlyOnAnyRing(final FuzzedDataProvider data) {
        final byte[] bytes = FuzzedTopicFile.TEMPLATE.clone();
        final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (data.consumeBoolean()) {
            view.putLong(TopicDescriptor.TAIL_OFFSET, data.consumeBoolean() ?
                data.consumeLong(0, 8L * FuzzedTopicFile.CAPACITY) & -RecordDescriptor.ALIGNMENT :
                data.consumeLong());
        }
        final long tail = view.getLong(TopicDescriptor.TAIL_OFFSET);
        final int records = data.consumeInt(0, 12);
        for (int i = 0; i < records; i++) {
            final long position = (tail - FuzzedTopicFile.CAPACITY + data.consumeLong(0, 2L * FuzzedTopicFile.CAPACITY))
                & -RecordDescriptor.ALIGNMENT;
            final int at = FuzzedTopicFile.RING + (int)(position & (FuzzedTopicFile.CAPACITY - 1));
            view.putLong(at, position | data.consumeInt(0, 7));
            view.putInt(at + RecordDescriptor.LENGTH_OFFSET, data.consumeBoolean() ?
                data.consumeInt(-64, FuzzedTopicFile.CAPACITY + 64) : data.consumeInt());
            view.putInt(at + RecordDescriptor.SESSION_OFFSET, data.consumeInt());
        }
        FuzzedFiles.overwrite(bytes, data, FuzzedTopicFile.RING, bytes.length);
        FuzzedTopicFile.store(bytes);
        try (TopicFile topic = TopicFile.open(FuzzedTopicFile.DIR, FuzzedTopicFile.NAME, null, false,
            PosixFilePermissions.fromString("rw-------"), false)) {
            FuzzedTopicFile.exercise(topic, data);
        } catch (final ShimmyException refused) {
            throw new AssertionError("a file whose ring alone was fuzzed was refused", refused);
        }
        FuzzedTopicFile.assertUnchanged(bytes, 0, io.shimmy.region.ChannelHeaderDescriptor.HEADER_LENGTH);
        FuzzedTopicFile.assertContained(bytes.length);
    }
}
