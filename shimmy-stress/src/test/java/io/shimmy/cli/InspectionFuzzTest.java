package io.shimmy.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.stress.FuzzedFiles;
import io.shimmy.topic.FuzzedTopicFile;

/**
 * {@code shimmy stat} and {@code shimmy list --long} on a topic file with any slot tables, control block and error
 * log (and, now and then, any header): they print, or fail with one {@code shimmy: } line and exit 1; never an
 * internal error, never a stack trace, never a write to the file.
 */
class InspectionFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void shouldPrintAnyTopicOrRefuseItInOneLine(final FuzzedDataProvider data) {
        final byte[] bytes = FuzzedTopicFile.TEMPLATE.clone();
        if (data.consumeBoolean()) {
            FuzzedFiles.overwrite(bytes, data, 0, ChannelHeaderDescriptor.HEADER_LENGTH);
        }
        FuzzedFiles.overwrite(bytes, data, ChannelHeaderDescriptor.ERROR_LOG_OFFSET, FuzzedTopicFile.RING);
        FuzzedTopicFile.store(bytes);
        final String dir = FuzzedTopicFile.DIR.toString();
        Inspection.runPrintingOrRefusing("--dir", dir, "stat", FuzzedTopicFile.NAME);
        Inspection.runPrintingOrRefusing("--dir", dir, "list", "--long");
        FuzzedTopicFile.assertUnchanged(bytes, 0, bytes.length);
        FuzzedTopicFile.assertContained(bytes.length);
    }
}
