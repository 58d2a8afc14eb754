package io.shimmy.cli;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.topic.FuzzedTopicFile;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

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
            FuzzedTopicFile.overwrite(bytes, data, 0, ChannelHeaderDescriptor.HEADER_LENGTH);
        }
        FuzzedTopicFile.overwrite(bytes, data, ChannelHeaderDescriptor.ERROR_LOG_OFFSET, FuzzedTopicFile.RING);
        FuzzedTopicFile.store(bytes);
        final String dir = FuzzedTopicFile.DIR.toString();
        run("--dir", dir, "stat", FuzzedTopicFile.NAME);
        run("--dir", dir, "list", "--long");
        FuzzedTopicFile.assertUnchanged(bytes, 0, bytes.length);
        FuzzedTopicFile.assertContained(bytes.length);
    }

    private static void run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = ShimmyCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int status = commandLine.execute(args);
        final String error = err.toString();
        if (status == 0 ? !error.isEmpty() : status != 1 || !error.startsWith("shimmy: ") ||
            error.strip().contains("\n") || error.contains("internal error")) {
            throw new AssertionError("shimmy " + String.join(" ", args) + " exited " + status + " with " + error);
        }
    }
}
