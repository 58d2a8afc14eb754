package io.shimmy.stream;

import io.shimmy.ChannelDirectory;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.topic.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Streams between this JVM and child JVMs started with no JVM flags ({@link StreamChild}): bulk transfers both
 * ways at once, and peers killed with SIGKILL on either side, with a short liveness timeout.
 */
@Timeout(240)
class StreamCrossProcessTest {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration RUN = Duration.ofSeconds(120);
    private static final long LIVENESS_MS = 2000;
    private static final long BYTES = 32L << 20;
    private static final int CAPACITY = 64 * 1024;
    private static final int MAX_PIECE = 200_000;

    @TempDir
    Path dir;

    private Shimmy shimmy() {
        return Shimmy.open(new ShimmyContext().dir(dir));
    }

    private static StreamConfig quick() {
        return new StreamConfig().livenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(LIVENESS_MS))
            .connectTimeoutNs(START.toNanos());
    }

    private String[] files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @ParameterizedTest(name = "the child does {0}")
    @ValueSource(strings = {"connect", "accept"})
    void shouldCarryTensOfMebibytesBothWaysAtOnceIntactInRandomPieces(final String role) throws Exception {
        final boolean childConnects = role.equals("connect");
        try (Shimmy shimmy = shimmy();
             ChildJvm child = ChildJvm.start(StreamChild.class, "exchange-" + role, dir.toString(), "bulk",
                 String.valueOf(BYTES), String.valueOf(CAPACITY), "5000", "backoff")) {
            final StreamConnection connection;
            if (childConnects) {
                try (StreamListener listener = shimmy.listen("bulk", new StreamConfig().capacity(CAPACITY))) {
                    connection = listener.accept(START.toNanos());
                }
            } else {
                child.awaitLine("LISTENING", START);
                connection = shimmy.connect("bulk", new StreamConfig().connectTimeoutNs(START.toNanos()));
            }
            assertThat(connection).as(child.describe()).isNotNull();
            try (StreamConnection open = connection) {
                final long mine = childConnects ? 2 : 1;
                final CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Payload.send(open, BYTES, mine, new Random(mine + 30), MAX_PIECE);
                    } catch (final IOException ex) {
                        throw new IllegalStateException(ex);
                    }
                });
                final Payload.Result received = Payload.receive(open, 3 - mine, new Random(mine + 40), MAX_PIECE);
                final String result = child.awaitLine("RESULT", RUN);
                final long sentCrc = sent.get(RUN.toSeconds(), TimeUnit.SECONDS);

                assertThat(result).as(child.describe()).isEqualTo("RESULT received=" + BYTES + " firstBad=-1 crc=" +
                    Long.toHexString(sentCrc) + " sentCrc=" + Long.toHexString(received.crc()));
                assertThat(received.received()).isEqualTo(BYTES);
                assertThat(received.firstBad()).isEqualTo(-1);
                assertThat(child.awaitExit(RUN)).as(child.describe()).isZero();
            }
            assertThat(files()).as("the last end to close removed the connection file").isEmpty();
        }
    }

    @Test
    void shouldKeepReceivingFromAnotherProcessAfterEndingTheOutputUntilItsEndOfStream() throws Exception {
        try (Shimmy shimmy = shimmy();
             ChildJvm server = ChildJvm.start(StreamChild.class, "echo-server", dir.toString(), "half",
                 "5000")) {
            server.awaitLine("LISTENING", START);
            try (StreamConnection connection = shimmy.connect("half", quick())) {
                final byte[] request = new byte[3 << 20];
                Payload.fill(5, 0, request, 0, request.length);
                final CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    try {
                        connection.outputStream().write(request);
                        connection.shutdownOutput();
                    } catch (final IOException ex) {
                        throw new IllegalStateException(ex);
                    }
                });
                final byte[] echoed = connection.inputStream().readAllBytes();
                sending.get(RUN.toSeconds(), TimeUnit.SECONDS);
                assertThat(echoed).as("everything echoed after this side ended its output, then end of stream")
                    .isEqualTo(request);
                assertThatThrownBy(() -> connection.write(new byte[1], 0, 1))
                    .isInstanceOf(ClosedChannelException.class);
            }
        }
    }

    @ParameterizedTest(name = "wait {0}")
    @ValueSource(strings = {"backoff", "block"})
    void shouldDeliverWhatAKilledConnectorWroteThenFailTheBlockedReadWithPeerDead(final String wait)
        throws Exception {
        try (Shimmy shimmy = shimmy();
             StreamListener listener = shimmy.listen("victim", quick().waitStrategy(wait));
             ChildJvm child = ChildJvm.start(StreamChild.class, "write-then-hold", dir.toString(), "victim",
                 "1000")) {
            final StreamConnection connection = listener.accept(START.toNanos());
            assertThat(connection).as(child.describe()).isNotNull();
            child.awaitLine("WROTE", START);
            final byte[] bytes = new byte[1000];
            assertThat(connection.inputStream().readNBytes(bytes, 0, 1000)).isEqualTo(1000);
            final byte[] expected = new byte[1000];
            Payload.fill(1, 0, expected, 0, 1000);
            assertThat(bytes).isEqualTo(expected);

            final CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.read(ByteBuffer.allocate(10));
                } catch (final IOException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            Thread.sleep(LIVENESS_MS + LIVENESS_MS / 2);
            assertThat(blocked).as("a live peer that writes nothing keeps the read waiting").isNotDone();
            child.kill();

            assertThatThrownBy(() -> blocked.get(RUN.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().cause().isInstanceOf(PeerDeadException.class)
                .hasMessageContaining("stream 'victim' connection 1")
                .hasMessageContaining("stopped heartbeating for longer than the liveness timeout of 2000 ms");
            assertThatThrownBy(() -> connection.read(ByteBuffer.allocate(10))).isInstanceOf(PeerDeadException.class);
            assertThatThrownBy(() -> connection.write(new byte[1], 0, 1)).isInstanceOf(PeerDeadException.class);
            connection.close();
            assertThat(files()).containsExactly("victim");
        }
    }

    @Test
    void shouldFailAWriteBlockedOnAFullRingWithPeerDeadWhenTheAcceptingProcessIsKilled() throws Exception {
        try (Shimmy shimmy = shimmy();
             ChildJvm child = ChildJvm.start(StreamChild.class, "accept-then-hold", dir.toString(), "holder",
                 "4096", String.valueOf(LIVENESS_MS))) {
            child.awaitLine("LISTENING", START);
            final StreamConnection connection = shimmy.connect("holder", quick().waitStrategy("block"));
            child.awaitLine("ACCEPTED", START);
            final CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(() -> {
                try {
                    return connection.write(new byte[3 * 4096], 0, 3 * 4096);
                } catch (final IOException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            while (connection.bytesWritten() < 4096) {
                Thread.sleep(1);
            }
            child.kill();

            assertThatThrownBy(() -> blocked.get(RUN.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().cause().isInstanceOf(PeerDeadException.class)
                .hasMessageContaining("the listener's end (pid " + child.process().pid() + ") stopped heartbeating");
            connection.close();
            assertThat(files()).as("the dead listener's file stays until someone cleans up").containsExactly("holder");
            assertThat(ChannelDirectory.clean(dir, false)).extracting(ChannelDirectory.Entry::name)
                .containsExactly("holder");
        }
    }

    @Test
    void shouldLetANewListenerTakeOverTheNameOfAKilledOneAndServeNewConnections() throws Exception {
        try (Shimmy shimmy = shimmy()) {
            final StreamConnection orphaned;
            try (ChildJvm old = ChildJvm.start(StreamChild.class, "echo-server", dir.toString(), "svc",
                String.valueOf(LIVENESS_MS))) {
                old.awaitLine("LISTENING", START);
                orphaned = shimmy.connect("svc", quick());
                assertThat(echo(orphaned, "before")).isEqualTo("before");
                try (ChildJvm client = ChildJvm.start(StreamChild.class, "write-then-hold", dir.toString(),
                    "svc", "10")) {
                    client.awaitLine("WROTE", START);
                    assertThat(files()).containsExactly("svc", "svc@1", "svc@2");
                    old.kill();
                    client.kill();
                }
            }
            assertThat(orphaned.name()).isEqualTo("svc@1");
            assertThatThrownBy(() -> orphaned.read(ByteBuffer.allocate(10))).isInstanceOf(PeerDeadException.class);

            try (ChildJvm replacement = ChildJvm.start(StreamChild.class, "echo-server", dir.toString(), "svc",
                String.valueOf(LIVENESS_MS))) {
                replacement.awaitLine("LISTENING", START);
                assertThat(files()).as("svc@2 had no live end left; svc@1 still has this process")
                    .containsExactly("svc", "svc@1");
                try (StreamConnection fresh = shimmy.connect("svc", quick())) {
                    assertThat(echo(fresh, "after")).isEqualTo("after");
                    assertThat(replacement.awaitLine("ACCEPTED", START)).isEqualTo("ACCEPTED " + fresh.name());
                }
                orphaned.close();
                final long deadline = System.nanoTime() + RUN.toNanos();
                while (files().length > 1 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(files()).as("the echo server closes its end once it read end of stream")
                    .containsExactly("svc");
            }
        }
    }

    private static String echo(final StreamConnection connection, final String text) throws IOException {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        connection.outputStream().write(bytes);
        return new String(connection.inputStream().readNBytes(bytes.length), StandardCharsets.US_ASCII);
    }
}
