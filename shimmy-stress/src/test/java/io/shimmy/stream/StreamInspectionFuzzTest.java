package io.shimmy.stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.cli.Inspection;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.stress.FuzzedFiles;

import java.util.Map;

import static io.shimmy.stream.ListenerDescriptor.LISTENER_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_END_OFFSET;

/**
 * {@code shimmy stat}, {@code shimmy list --long} and {@code shimmy clean --dry-run} on a stream's listener file and
 * connection files with any ends, heartbeats, accept queue, ring controls, error logs and (now and then) headers and
 * parameters: they print, or fail with one {@code shimmy: } line and exit 1; never an internal error, never a
 * stack trace, never a write to a file.
 */
class StreamInspectionFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void shouldPrintAnyStreamOrRefuseItInOneLine(final FuzzedDataProvider data) {
        FuzzedFiles.clear();
        final byte[] listener = FuzzedStreamFiles.LISTENER_TEMPLATE.clone();
        FuzzedStreamFiles.fuzzEnd(listener, LISTENER_END_OFFSET, data);
        fuzz(listener, listener.length, data);
        final byte[] connection = FuzzedStreamFiles.connection(1);
        FuzzedStreamFiles.fuzzEnd(connection, CONNECTOR_END_OFFSET, data);
        FuzzedStreamFiles.fuzzEnd(connection, ACCEPTOR_END_OFFSET, data);
        fuzz(connection, StreamDescriptor.RINGS_OFFSET, data);
        final String name = ConnectionName.of(FuzzedStreamFiles.LISTENER, 1);
        FuzzedFiles.store(FuzzedStreamFiles.LISTENER, listener);
        FuzzedFiles.store(name, connection);
        final String dir = FuzzedFiles.DIR.toString();
        Inspection.runPrintingOrRefusing("--dir", dir, "stat", FuzzedStreamFiles.LISTENER);
        Inspection.runPrintingOrRefusing("--dir", dir, "stat", name);
        Inspection.runPrintingOrRefusing("--dir", dir, "list", "--long");
        Inspection.runPrintingOrRefusing("--dir", dir, "clean", "--dry-run");
        FuzzedFiles.assertUnchanged(FuzzedStreamFiles.LISTENER, listener, 0, listener.length);
        FuzzedFiles.assertUnchanged(name, connection, 0, connection.length);
        FuzzedFiles.assertContained(Map.of(FuzzedStreamFiles.LISTENER, (long)listener.length, name,
            (long)connection.length));
    }

    private static void fuzz(final byte[] bytes, final int to, final FuzzedDataProvider data) {
        if (data.consumeBoolean()) {
            FuzzedFiles.overwrite(bytes, data, 0, ChannelHeaderDescriptor.ERROR_LOG_OFFSET);
        }
        FuzzedFiles.overwrite(bytes, data, ChannelHeaderDescriptor.ERROR_LOG_OFFSET, to);
    }
}
