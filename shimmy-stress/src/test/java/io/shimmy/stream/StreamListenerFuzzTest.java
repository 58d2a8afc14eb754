package io.shimmy.stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.ChannelDirectory;
import io.shimmy.ShimmyException;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelFile;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.region.ChannelKind;
import io.shimmy.stress.FuzzedFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.shimmy.stream.ListenerDescriptor.EVENTCOUNT_OFFSET;
import static io.shimmy.stream.ListenerDescriptor.LISTENER_END_OFFSET;
import static io.shimmy.stream.ListenerDescriptor.NEXT_ID_OFFSET;
import static io.shimmy.stream.ListenerDescriptor.SLOT_REQUEST_OFFSET;
import static io.shimmy.stream.ListenerDescriptor.WAITERS_OFFSET;
import static io.shimmy.stream.ListenerDescriptor.slotOffset;
import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_END_OFFSET;

/**
 * The accept queue, read from a file that connecting processes (or foreign ones) write: any request words in the
 * slots (ids of good, damaged, dead or missing connection files, zero, negative, huge), next ids, eventcounts,
 * waiter counts, heartbeats and states of the listener's end, and now and then its parameters; the acceptor's end
 * of a connection file is NONE, as a waiting connector leaves it, or fuzzed too. A listener accepts only connections
 * whose file passes its checks, whose connector is alive and whose acceptor's end it opens from NONE (nobody
 * abandoned or accepted it before), skips the rest, and returns from a timed accept; a connector connects, or times
 * out, or is refused with a Shimmy exception, and leaves no file behind; {@code listen} on such a file replaces it
 * or refuses; {@link ListenerStatus} and {@link ChannelDirectory} read it. Nothing throws anything else, nothing
 * hangs, nothing is written outside the files.
 */
class StreamListenerFuzzTest {
    private static final String[] WAITS = {"spin", "yield", "backoff", "block"};

    @FuzzTest(maxDuration = "5m")
    void shouldAcceptOnlyLiveCheckedConnectionsFromAnyAcceptQueue(final FuzzedDataProvider data) throws IOException {
        FuzzedFiles.clear();
        final StreamConfig config = new StreamConfig().capacity(FuzzedStreamFiles.CAPACITY)
            .livenessTimeoutNs(FuzzedStreamFiles.LIVENESS_NS).backlog(FuzzedStreamFiles.BACKLOG)
            .waitStrategy(data.pickValue(WAITS));
        final Map<String, Long> allowed = new HashMap<>();
        try (StreamListener listener = StreamListener.listen(FuzzedStreamFiles.CONTEXT, FuzzedStreamFiles.KEEPALIVE,
            FuzzedStreamFiles.NOBODY, FuzzedStreamFiles.LISTENER, config)) {
            allowed.put(FuzzedStreamFiles.LISTENER, Files.size(FuzzedFiles.DIR.resolve(FuzzedStreamFiles.LISTENER)));
            final int files = data.consumeInt(0, 4);
            for (int id = 1; id <= files; id++) {
                final byte[] bytes = FuzzedStreamFiles.connection(id);
                FuzzedStreamFiles.fuzzEnd(bytes, CONNECTOR_END_OFFSET, data);
                if (data.consumeBoolean()) {
                    FuzzedStreamFiles.fuzzEnd(bytes, ACCEPTOR_END_OFFSET, data);
                } else {
                    FuzzedStreamFiles.clearEnd(bytes, ACCEPTOR_END_OFFSET);
                }
                if (data.consumeBoolean()) {
                    FuzzedFiles.overwrite(bytes, data, ChannelHeaderDescriptor.PARAMS_OFFSET,
                        StreamDescriptor.RINGS_OFFSET);
                }
                final String name = ConnectionName.of(FuzzedStreamFiles.LISTENER, id);
                FuzzedFiles.store(name, bytes);
                allowed.put(name, (long)bytes.length);
            }
            try (ChannelFile raw = ChannelFile.open(FuzzedFiles.DIR, FuzzedStreamFiles.LISTENER,
                ChannelKind.STREAM_LISTENER, false)) {
                fuzzQueue(raw.buffer(), files, data);
            }
            ListenerStatus.read(FuzzedFiles.DIR, FuzzedStreamFiles.LISTENER);
            for (int i = 0; i <= FuzzedStreamFiles.BACKLOG; i++) {
                use(listener.tryAccept(), allowed, data);
            }
            use(listener.accept(data.consumeLong(0, TimeUnit.MILLISECONDS.toNanos(5))), allowed, data);
            if (listener.pending() < 0 || listener.pending() > FuzzedStreamFiles.BACKLOG) {
                throw new AssertionError("pending " + listener.pending());
            }
        }
        FuzzedFiles.assertContained(allowed);
        if (Files.exists(FuzzedFiles.DIR.resolve(FuzzedStreamFiles.LISTENER))) {
            throw new AssertionError("closing the listener did not remove its file");
        }
    }

    @FuzzTest(maxDuration = "5m")
    void shouldConnectTimeOutOrRefuseWithAnyListenerFile(final FuzzedDataProvider data) {
        FuzzedFiles.clear();
        final byte[] bytes = FuzzedStreamFiles.LISTENER_TEMPLATE.clone();
        FuzzedStreamFiles.fuzzEnd(bytes, LISTENER_END_OFFSET, data);
        final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (data.consumeBoolean()) {
            view.putLong(NEXT_ID_OFFSET, data.consumeBoolean() ? data.consumeLong(-2, 4) : data.consumeLong());
        }
        FuzzedFiles.overwrite(bytes, data, LISTENER_END_OFFSET, bytes.length);
        final boolean parameters = data.consumeBoolean();
        if (parameters) {
            FuzzedFiles.overwrite(bytes, data, ChannelHeaderDescriptor.PARAMS_OFFSET,
                ChannelHeaderDescriptor.ERROR_LOG_OFFSET);
        }
        final Map<String, Long> allowed = new HashMap<>();
        FuzzedFiles.store(FuzzedStreamFiles.LISTENER, bytes);
        allowed.put(FuzzedStreamFiles.LISTENER, (long)bytes.length);
        if (data.consumeBoolean()) {
            final String name = ConnectionName.of(FuzzedStreamFiles.LISTENER, data.consumeLong(1, 3));
            final byte[] connection = FuzzedStreamFiles.connection(ConnectionName.id(name));
            FuzzedStreamFiles.fuzzEnd(connection, CONNECTOR_END_OFFSET, data);
            FuzzedFiles.store(name, connection);
            allowed.put(name, (long)connection.length);
        }
        try {
            ListenerStatus.read(FuzzedFiles.DIR, FuzzedStreamFiles.LISTENER);
        } catch (final ShimmyException refused) {
            FuzzedFiles.assertUnchanged(FuzzedStreamFiles.LISTENER, bytes, 0, bytes.length);
        }
        final StreamConfig config = new StreamConfig().connectTimeoutNs(data.consumeLong(0,
            TimeUnit.MILLISECONDS.toNanos(20)));
        if (data.consumeBoolean()) {
            config.capacity(FuzzedStreamFiles.CAPACITY);
        }
        try {
            StreamConnection.connect(FuzzedStreamFiles.CONTEXT, FuzzedStreamFiles.KEEPALIVE, FuzzedStreamFiles.NOBODY,
                FuzzedStreamFiles.LISTENER, config).close();
            throw new AssertionError("connected to a listener that nobody runs");
        } catch (final ShimmyException refusedOrTimedOut) {
            // a clear refusal, or no live listener accepted in time
        }
        FuzzedFiles.assertContained(allowed);
        ChannelDirectory.list(FuzzedFiles.DIR);
        ChannelDirectory.clean(FuzzedFiles.DIR, true);
        try {
            StreamListener.listen(FuzzedStreamFiles.CONTEXT, FuzzedStreamFiles.KEEPALIVE, FuzzedStreamFiles.NOBODY,
                FuzzedStreamFiles.LISTENER, new StreamConfig().backlog(FuzzedStreamFiles.BACKLOG)).close();
        } catch (final ShimmyException refused) {
            // a live listener, or a file that is not a listener's
        }
        FuzzedFiles.assertContained(allowed);
    }

    /** Writes fuzzer-chosen requests, next id, eventcount and waiters into a live listener's file. */
    private static void fuzzQueue(final SharedBuffer buffer, final int files, final FuzzedDataProvider data) {
        for (int i = 0; i < FuzzedStreamFiles.BACKLOG; i++) {
            final long request = switch (data.consumeInt(0, 3)) {
                case 0 -> 0;
                case 1 -> data.consumeLong(1, Math.max(1, files));
                case 2 -> data.consumeLong(-2, 8);
                default -> data.consumeLong();
            };
            buffer.putLongVolatile(slotOffset(i) + SLOT_REQUEST_OFFSET, request);
        }
        if (data.consumeBoolean()) {
            buffer.putLongVolatile(NEXT_ID_OFFSET, data.consumeLong());
        }
        if (data.consumeBoolean()) {
            buffer.putIntRelease(EVENTCOUNT_OFFSET, data.consumeInt());
            buffer.putIntRelease(WAITERS_OFFSET, data.consumeInt());
        }
    }

    /** Checks an accepted connection, uses it a little and closes it. */
    private static void use(final StreamConnection connection, final Map<String, Long> allowed,
        final FuzzedDataProvider data) {
        if (connection == null) {
            return;
        }
        if (!allowed.containsKey(connection.name())) {
            throw new AssertionError("accepted " + connection.name() + ", which nobody created");
        }
        final byte[] bytes = new byte[64];
        try {
            connection.blocking(false);
            connection.read(bytes, 0, bytes.length);
            connection.write(bytes, 0, data.consumeInt(0, bytes.length));
        } catch (final PeerClosedException | PeerDeadException documented) {
            // the connector's end says it closed or died
        } catch (final IOException ex) {
            throw new AssertionError("an accepted connection threw an undocumented exception", ex);
        } finally {
            connection.close();
        }
    }
}
