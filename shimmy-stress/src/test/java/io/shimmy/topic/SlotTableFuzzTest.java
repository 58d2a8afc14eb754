package io.shimmy.topic;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.ShimmyException;
import io.shimmy.stress.FuzzedFiles;

import java.nio.file.attribute.PosixFilePermissions;

/**
 * Any control block and slot tables: state words, heartbeats (stale, fresh or from the future), positions, open
 * claims, counters, waiting flags and names of any value. {@link TopicStatus} (what {@code shimmy stat} and
 * {@code shimmy list} print), the flow-control limit, slot acquisition and release, and publishing and polling
 * all return documented results; nothing throws anything but a Shimmy exception.
 */
class SlotTableFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void shouldInspectAndUseAnySlotTable(final FuzzedDataProvider data) {
        final byte[] bytes = FuzzedTopicFile.TEMPLATE.clone();
        FuzzedFiles.overwrite(bytes, data, TopicDescriptor.CONTROL_OFFSET, FuzzedTopicFile.RING);
        FuzzedTopicFile.store(bytes);
        try (TopicFile topic = TopicFile.open(FuzzedTopicFile.DIR, FuzzedTopicFile.NAME, null, false,
            PosixFilePermissions.fromString("rw-------"), false)) {
            final TopicStatus status = TopicStatus.of(topic);
            if (status.subscribers().size() > topic.maxSubscribers() ||
                status.publishers().size() > topic.maxPublishers()) {
                throw new AssertionError("more parties than slots: " + status);
            }
            topic.computeLimit(topic.tail());
            FuzzedTopicFile.exercise(topic, data);
            TopicStatus.read(FuzzedTopicFile.DIR, FuzzedTopicFile.NAME);
        } catch (final ShimmyException refused) {
            throw new AssertionError("a file whose slots alone were fuzzed was refused", refused);
        }
        FuzzedTopicFile.assertUnchanged(bytes, 0, io.shimmy.region.ChannelHeaderDescriptor.HEADER_LENGTH);
        FuzzedTopicFile.assertContained(bytes.length);
    }
}
