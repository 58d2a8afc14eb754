package io.shimmy.stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.ShimmyException;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.stress.FuzzedFiles;

import java.util.Map;

import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_CONTROL_OFFSET;
import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_CONTROL_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.RINGS_OFFSET;

/**
 * Any connection file as one end finds it, whatever the other end (or a foreign process) wrote: end states and
 * heartbeats, read and write positions near each other or not, end-of-stream flags, eventcounts, waiter counts,
 * wanted positions, ring bytes, and now and then the parameters. The file is refused with a Shimmy exception, or
 * reads, polls, writes, shutdown, status and close return documented results: reads deliver only bytes of the
 * ring the end reads, from the positions it reads; nothing throws anything but a documented exception, every call
 * returns, the header and the ring the end reads are never written, and nothing is written outside the file.
 */
class StreamRingFuzzTest {
    private static final String NAME = ConnectionName.of(FuzzedStreamFiles.LISTENER, 1);

    @FuzzTest(maxDuration = "5m")
    void shouldReadWriteAndPollInBoundsOrFailCleanlyOnAnyConnectionFile(final FuzzedDataProvider data) {
        final byte[] bytes = FuzzedStreamFiles.connection(1);
        final boolean connector = data.consumeBoolean();
        FuzzedStreamFiles.fuzzEnd(bytes, connector ? ACCEPTOR_END_OFFSET : CONNECTOR_END_OFFSET, data);
        FuzzedStreamFiles.fuzzRing(bytes, CONNECTOR_CONTROL_OFFSET, data);
        FuzzedStreamFiles.fuzzRing(bytes, ACCEPTOR_CONTROL_OFFSET, data);
        FuzzedFiles.overwrite(bytes, data, CONNECTOR_END_OFFSET, RINGS_OFFSET + 2 * FuzzedStreamFiles.CAPACITY);
        final boolean parameters = data.consumeBoolean();
        if (parameters) {
            FuzzedFiles.overwrite(bytes, data, ChannelHeaderDescriptor.PARAMS_OFFSET,
                ChannelHeaderDescriptor.ERROR_LOG_OFFSET);
        }
        FuzzedFiles.clear();
        FuzzedFiles.store(NAME, bytes);
        final ConnectionFile file;
        try {
            file = ConnectionFile.open(FuzzedFiles.DIR, NAME, false, data.consumeBoolean());
        } catch (final ShimmyException refused) {
            if (!parameters) {
                throw new AssertionError("a file whose parameters were not fuzzed was refused", refused);
            }
            FuzzedFiles.assertUnchanged(NAME, bytes, 0, bytes.length);
            FuzzedFiles.assertContained(Map.of(NAME, (long)bytes.length));
            return;
        }
        final String wait = data.pickValue(new String[] {"spin", "yield", "backoff", "block"});
        FuzzedStreamFiles.exercise(FuzzedStreamFiles.end(file, connector, wait), file, connector, bytes, data);
        final int readRing = connector ? StreamDescriptor.acceptorRingOffset(file.capacity()) :
            StreamDescriptor.connectorRingOffset();
        for (int i = readRing; i < readRing + file.capacity(); i++) {
            if (file.buffer().getByte(i) != bytes[i]) {
                throw new AssertionError("byte " + i + " of the ring this end reads was written");
            }
        }
        FuzzedFiles.assertUnchanged(NAME, bytes, 0, ChannelHeaderDescriptor.ERROR_LOG_OFFSET);
        FuzzedFiles.assertContained(Map.of(NAME, (long)bytes.length));
    }
}
