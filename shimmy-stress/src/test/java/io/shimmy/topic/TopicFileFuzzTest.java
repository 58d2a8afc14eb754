package io.shimmy.topic;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.ShimmyException;
import io.shimmy.region.ChannelFile;
import io.shimmy.region.ChannelHeader;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.region.ChannelKind;
import io.shimmy.stress.FuzzedFiles;

import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

/**
 * Any header and topic parameters, and any file length: {@link ChannelHeader#read}, {@link ChannelFile#open} and
 * {@link TopicFile#open} accept the file or refuse it with a Shimmy exception, never write to a file they refuse,
 * and an accepted topic works (or reports a clean error) however it is then used.
 */
class TopicFileFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void shouldOpenOrRefuseAnyHeaderWithoutWritingToIt(final FuzzedDataProvider data) {
        final byte[] bytes = FuzzedTopicFile.TEMPLATE.clone();
        FuzzedFiles.overwrite(bytes, data, 0, ChannelHeaderDescriptor.HEADER_LENGTH);
        final byte[] content = data.consumeBoolean() ? bytes :
            Arrays.copyOf(bytes, data.consumeInt(0, bytes.length + 8192));
        FuzzedTopicFile.store(content);
        try {
            ChannelHeader.read(FuzzedTopicFile.DIR.resolve(FuzzedTopicFile.NAME));
        } catch (final ShimmyException refused) {
            // a clear refusal is a correct answer
        }
        try {
            ChannelFile.open(FuzzedTopicFile.DIR, FuzzedTopicFile.NAME, ChannelKind.TOPIC, data.consumeBoolean());
        } catch (final ShimmyException refused) {
            // likewise
        }
        final TopicConfig asked = new TopicConfig();
        if (data.consumeBoolean()) {
            asked.capacity(1 << data.consumeInt(12, 20)).maxMessageLength(data.consumeInt(1, 512))
                .lossy(data.consumeBoolean());
        }
        TopicFile topic = null;
        try {
            topic = TopicFile.open(FuzzedTopicFile.DIR, FuzzedTopicFile.NAME, asked, false,
                PosixFilePermissions.fromString("rw-------"), data.consumeBoolean());
        } catch (final ShimmyException refused) {
            FuzzedTopicFile.assertUnchanged(content, 0, content.length);
        }
        if (topic != null) {
            FuzzedTopicFile.exercise(topic, data);
            FuzzedTopicFile.assertUnchanged(content, 0, ChannelHeaderDescriptor.HEADER_LENGTH);
        }
        FuzzedTopicFile.assertContained(content.length);
    }
}
