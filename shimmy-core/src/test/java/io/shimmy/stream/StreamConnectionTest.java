package io.shimmy.stream;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both ends of connections in one process: the ring protocol (wrap-around, partial and non-blocking writes, reads
 * that return what is there, zero-copy polls), half-close, close, and the views.
 */
@Timeout(60)
class StreamConnectionTest {
    private static final int CAPACITY = 4096;

    @TempDir
    Path dir;
    private Shimmy shimmy;
    private StreamListener listener;

    @BeforeEach
    void open() {
        shimmy = Shimmy.open(new ShimmyContext().dir(dir));
        listener = shimmy.listen("s", new StreamConfig().capacity(CAPACITY));
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private Pair pair() throws Exception {
        return Pair.open(shimmy, listener, new StreamConfig());
    }

    private static byte[] text(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldCarryBytesBothWaysAndEndEachDirectionSeparately() throws Exception {
        try (Pair pair = pair()) {
            pair.connector().outputStream().write(text("hello"));
            pair.connector().shutdownOutput();
            assertThat(pair.acceptor().inputStream().readAllBytes()).isEqualTo(text("hello"));

            pair.acceptor().outputStream().write(text("world"));
            pair.acceptor().shutdownOutput();
            assertThat(pair.connector().inputStream().readAllBytes()).isEqualTo(text("world"));
            assertThat(pair.connector().bytesWritten()).isEqualTo(5);
            assertThat(pair.connector().bytesRead()).isEqualTo(5);
        }
    }

    @Test
    void shouldLetThePeerWriteBackAfterReadingEndOfStream() throws Exception {
        try (Pair pair = pair()) {
            pair.connector().shutdownOutput();
            assertThat(pair.acceptor().inputStream().read()).isEqualTo(-1);
            assertThat(pair.acceptor().inputStream().read()).as("end of stream is sticky").isEqualTo(-1);

            pair.acceptor().outputStream().write(text("reply"));
            pair.acceptor().close();
            assertThat(pair.connector().inputStream().readAllBytes()).isEqualTo(text("reply"));
        }
    }

    @ParameterizedTest(name = "wait {0}")
    @ValueSource(strings = {"spin", "backoff", "block"})
    void shouldDeliverRandomlySizedWritesWholeAndInOrderAcrossManyWrapsBothWaysAtOnce(final String wait)
        throws Exception {
        final long total = 4 << 20;
        try (Pair pair = Pair.open(shimmy, listener, new StreamConfig().waitStrategy(wait))) {
            final CompletableFuture<Long> up = CompletableFuture.supplyAsync(() -> send(pair.connector(), total, 1));
            final CompletableFuture<Long> down = CompletableFuture.supplyAsync(() -> send(pair.acceptor(), total, 2));
            final Payload.Result upReceived = Payload.receive(pair.acceptor(), 1, new Random(3), 3 * CAPACITY);
            final Payload.Result downReceived = Payload.receive(pair.connector(), 2, new Random(4), 3 * CAPACITY);

            assertThat(upReceived).isEqualTo(new Payload.Result(total, -1, up.get(30, TimeUnit.SECONDS)));
            assertThat(downReceived).isEqualTo(new Payload.Result(total, -1, down.get(30, TimeUnit.SECONDS)));
        }
    }

    private static long send(final StreamConnection connection, final long total, final long seed) {
        try {
            return Payload.send(connection, total, seed, new Random(seed + 10), 3 * CAPACITY);
        } catch (final IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void shouldAcceptOnlyWhatFitsWhenNotBlockingAndReturnWhatIsThere() throws Exception {
        try (Pair pair = pair()) {
            final StreamConnection writer = pair.connector().blocking(false);
            final StreamConnection reader = pair.acceptor().blocking(false);
            final byte[] bytes = new byte[CAPACITY + 1000];
            new Random(7).nextBytes(bytes);

            assertThat(reader.read(new byte[10], 0, 10)).as("nothing there yet").isZero();
            assertThat(writer.write(bytes, 0, 1000)).isEqualTo(1000);
            assertThat(writer.write(bytes, 1000, CAPACITY)).as("the rest of the ring").isEqualTo(CAPACITY - 1000);
            assertThat(writer.write(bytes, CAPACITY, 1000)).as("a full ring").isZero();
            assertThat(reader.available()).isEqualTo(CAPACITY);

            final byte[] read = new byte[bytes.length];
            assertThat(reader.read(read, 0, 100)).isEqualTo(100);
            assertThat(writer.write(ByteBuffer.wrap(bytes, CAPACITY, 1000))).as("room freed by the read")
                .isEqualTo(100);
            int got = 100;
            int n;
            while ((n = reader.read(read, got, read.length - got)) > 0) {
                got += n;
            }
            assertThat(got).isEqualTo(CAPACITY + 100);
            assertThat(Arrays.copyOf(read, got)).isEqualTo(Arrays.copyOf(bytes, got));
            assertThat(ConnectionStatus.read(dir, pair.connector().name()).toAcceptor().fullEvents())
                .as("the three writes that did not fit whole").isEqualTo(3);
        }
    }

    @Test
    void shouldHandTheBytesInPlaceInTwoPiecesAcrossTheEndOfTheRingAndKeepWhatTheHandlerLeaves() throws Exception {
        try (Pair pair = pair()) {
            final StreamConnection writer = pair.connector();
            final StreamConnection reader = pair.acceptor();
            writer.write(new byte[CAPACITY - 100], 0, CAPACITY - 100);
            reader.read(ByteBuffer.allocate(CAPACITY - 100));
            final byte[] bytes = new byte[300];
            new Random(3).nextBytes(bytes);
            writer.write(bytes, 0, bytes.length);

            final List<Integer> pieces = new ArrayList<>();
            final ByteArrayOutputStream seen = new ByteArrayOutputStream();
            final StreamHandler keepTheLastTen = (buffer, offset, length) -> {
                pieces.add(length);
                final int take = pieces.size() == 1 ? length : length - 10;
                copy(buffer, offset, take, seen);
                return take;
            };
            assertThat(reader.poll(keepTheLastTen, 1000)).isEqualTo(290);
            assertThat(pieces).containsExactly(100, 200);
            assertThat(reader.poll((buffer, offset, length) -> {
                copy(buffer, offset, length, seen);
                return length;
            }, 1000)).isEqualTo(10);
            assertThat(seen.toByteArray()).isEqualTo(bytes);
            assertThat(reader.poll((buffer, offset, length) -> length, 1000)).isZero();
            writer.shutdownOutput();
            assertThat(reader.poll((buffer, offset, length) -> length, 1000)).isEqualTo(-1);
        }
    }

    private static void copy(final SharedBuffer buffer, final int offset, final int length,
        final ByteArrayOutputStream to) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes, 0, length);
        to.write(bytes, 0, length);
    }

    @Test
    void shouldRefuseAHandlerThatClaimsMoreThanItWasGiven() throws Exception {
        try (Pair pair = pair()) {
            pair.connector().write(new byte[10], 0, 10);
            assertThatThrownBy(() -> pair.acceptor().poll((buffer, offset, length) -> length + 1, 100))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned 11 for 10 bytes");
            assertThat(pair.acceptor().available()).isEqualTo(10);
        }
    }

    @Test
    void shouldRefuseToUseARingWhosePeersPositionCannotBeRightAndRecordWhy() throws Exception {
        try (Pair pair = pair();
             ConnectionFile raw = ConnectionFile.open(dir, pair.connector().name(), false, false)) {
            final SharedBuffer buffer = raw.buffer();
            pair.connector().blocking(false).write(new byte[100], 0, 100);
            assertThat(pair.acceptor().blocking(false).read(new byte[100], 0, 100)).isEqualTo(100);
            final int written = StreamDescriptor.CONNECTOR_CONTROL_OFFSET + StreamDescriptor.WRITE_POSITION_OFFSET;
            buffer.putLongVolatile(written, 50);
            assertThatThrownBy(() -> pair.acceptor().read(new byte[100], 0, 100))
                .isInstanceOf(CorruptConnectionException.class)
                .hasMessageContaining("write position 50 of the ring this end reads is behind its read position 100");
            buffer.putLongVolatile(written, 100 + 2 * CAPACITY);
            assertThatThrownBy(() -> pair.acceptor().poll((b, offset, length) -> length, 100))
                .isInstanceOf(CorruptConnectionException.class).hasMessageContaining("more than the capacity");
            buffer.putLongVolatile(StreamDescriptor.ACCEPTOR_CONTROL_OFFSET + StreamDescriptor.READ_POSITION_OFFSET,
                5000);
            assertThatThrownBy(() -> pair.acceptor().write(new byte[1], 0, 1))
                .isInstanceOf(CorruptConnectionException.class)
                .hasMessageContaining("read position 5000 of the ring this end writes is ahead of its write " +
                    "position 0");
            assertThat(ConnectionStatus.read(dir, pair.connector().name()).errors())
                .extracting(entry -> entry.text()).anyMatch(text -> text.contains("is behind its read position"))
                .anyMatch(text -> text.contains("more than the capacity")).anyMatch(text -> text.contains("ahead of"));
        }
    }

    @Test
    void shouldFailWritesOnceThePeerClosedAndSayHowMuchItDidNotRead() throws Exception {
        try (Pair pair = pair()) {
            pair.connector().write(new byte[123], 0, 123);
            pair.acceptor().close();
            assertThatThrownBy(() -> pair.connector().write(new byte[1], 0, 1))
                .isInstanceOf(PeerClosedException.class).hasMessageContaining("closed the connection")
                .hasMessageContaining("123 bytes written were not read");
            assertThat(pair.connector().read(ByteBuffer.allocate(10))).as("its output ended cleanly").isEqualTo(-1);
        }
    }

    @Test
    void shouldWakeAWriterBlockedOnAFullRingWhenThePeerCloses() throws Exception {
        try (Pair pair = Pair.open(shimmy, listener, new StreamConfig().waitStrategy("block"))) {
            final CompletableFuture<Throwable> writing = CompletableFuture.supplyAsync(() -> {
                try {
                    pair.connector().write(new byte[3 * CAPACITY], 0, 3 * CAPACITY);
                    return null;
                } catch (final IOException ex) {
                    return ex;
                }
            });
            while (pair.acceptor().available() < CAPACITY) {
                Thread.sleep(1);
            }
            pair.acceptor().close();
            assertThat(writing.get(30, TimeUnit.SECONDS)).isInstanceOf(PeerClosedException.class);
        }
    }

    @Test
    void shouldThrowAsynchronousCloseInABlockedReadWhenClosedFromAnotherThread() throws Exception {
        try (Pair pair = Pair.open(shimmy, listener, new StreamConfig().waitStrategy("block"))) {
            final CompletableFuture<Throwable> reading = CompletableFuture.supplyAsync(() -> {
                try {
                    pair.acceptor().read(ByteBuffer.allocate(10));
                    return null;
                } catch (final IOException ex) {
                    return ex;
                }
            });
            Thread.sleep(50);
            pair.acceptor().close();
            assertThat(reading.get(30, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
        }
    }

    @Test
    void shouldStopWaitingWhenTheThreadIsInterruptedAndKeepTheConnectionOpen() throws Exception {
        try (Pair pair = pair()) {
            final CompletableFuture<Throwable> reading = CompletableFuture.supplyAsync(() -> {
                Thread.currentThread().interrupt();
                try {
                    pair.acceptor().read(ByteBuffer.allocate(10));
                    return null;
                } catch (final IOException ex) {
                    return ex;
                } finally {
                    Thread.interrupted();
                }
            });
            assertThat(reading.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("interrupted while waiting");
            pair.connector().write(text("still open"), 0, 10);
            assertThat(pair.acceptor().inputStream().readNBytes(10)).isEqualTo(text("still open"));
        }
        final CompletableFuture<StreamConnection> connecting =
            CompletableFuture.supplyAsync(() -> shimmy.connect("s", new StreamConfig()));
        while (listener.pending() == 0) {
            Thread.sleep(1);
        }
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> listener.accept()).isInstanceOf(InterruptedIOException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(listener.pending()).as("the request stays queued").isEqualTo(1);
        try (StreamConnection accepted = listener.accept()) {
            assertThat(connecting.get(30, TimeUnit.SECONDS).name()).isEqualTo(accepted.name());
        }
    }

    @Test
    void shouldRefuseUseAfterCloseAndWritesAfterShutdown() throws Exception {
        try (Pair pair = pair()) {
            pair.connector().shutdownOutput();
            assertThatThrownBy(() -> pair.connector().write(new byte[1], 0, 1))
                .isInstanceOf(ClosedChannelException.class);
            pair.connector().close();
            assertThat(pair.connector().isOpen()).isFalse();
            assertThatThrownBy(() -> pair.connector().read(ByteBuffer.allocate(1)))
                .isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> pair.connector().shutdownOutput()).isInstanceOf(ClosedChannelException.class);
            pair.connector().close();
        }
    }

    @Test
    void shouldReadEverythingThePeerWroteBeforeItClosedThenEndOfStream() throws Exception {
        try (Pair pair = pair()) {
            pair.connector().outputStream().write(text("last words"));
            pair.connector().close();
            assertThat(pair.acceptor().inputStream().readAllBytes()).isEqualTo(text("last words"));
        }
    }

    @Test
    void shouldFailThePeersReadsInsteadOfEndingTheStreamWhenAborted() throws Exception {
        try (Pair pair = pair()) {
            pair.connector().outputStream().write(text("half a mess"));
            pair.connector().abort();
            final byte[] got = new byte[11];
            assertThat(pair.acceptor().inputStream().readNBytes(got, 0, 11)).isEqualTo(11);
            assertThat(got).isEqualTo(text("half a mess"));
            assertThatThrownBy(() -> pair.acceptor().read(ByteBuffer.allocate(1)))
                .isInstanceOf(PeerClosedException.class)
                .hasMessageContaining("closed the connection without ending its output");
        }
    }

    @Test
    void shouldRemoveTheConnectionFileWhenBothEndsClosed() throws Exception {
        final String name;
        try (Pair pair = pair()) {
            name = pair.connector().name();
            assertThat(name).isEqualTo("s@1");
            assertThat(dir.resolve(name)).exists();
            pair.connector().close();
            assertThat(dir.resolve(name)).as("the acceptor is still open").exists();
        }
        assertThat(dir.resolve(name)).doesNotExist();
    }

    @Test
    void shouldKeepSeveralConnectionsOfOneListenerIndependent() throws Exception {
        final List<Pair> pairs = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                pairs.add(pair());
            }
            for (int i = 0; i < 3; i++) {
                pairs.get(i).connector().outputStream().write(text("to " + i));
                pairs.get(i).connector().shutdownOutput();
            }
            pairs.get(1).acceptor().close();
            for (int i = 0; i < 3; i += 2) {
                assertThat(pairs.get(i).acceptor().inputStream().readAllBytes()).isEqualTo(text("to " + i));
                assertThat(pairs.get(i).acceptor().id()).isEqualTo(i + 1);
            }
            assertThat(ListenerStatus.read(dir, "s").connections()).containsExactly("s@1", "s@2", "s@3");
        } finally {
            pairs.forEach(Pair::close);
        }
    }

    @Test
    void shouldCloseAcceptedConnectionsWhenTheirShimmyCloses() throws Exception {
        final Pair pair = pair();
        shimmy.close();
        assertThat(pair.acceptor().isOpen()).isFalse();
        assertThat(pair.connector().isOpen()).isFalse();
        assertThat(listener.isClosed()).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
