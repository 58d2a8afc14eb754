package io.shimmy.stream;

import io.shimmy.ChannelDirectory;
import io.shimmy.ChannelDirectory.Entry;
import io.shimmy.IncompatibleChannelException;
import io.shimmy.InvalidConfigurationException;
import io.shimmy.InvalidNameException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.region.ChannelKind;
import io.shimmy.topic.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Listening, accepting and connecting in one process: timeouts, the accept queue, names, options, listeners that
 * died or closed, and the reclaiming of their connection files.
 */
@Timeout(60)
class StreamListenerTest {
    private static final long SHORT_NS = TimeUnit.MILLISECONDS.toNanos(200);

    @TempDir
    Path root;
    private Path dir;
    private Shimmy shimmy;

    @BeforeEach
    void open() {
        dir = root.resolve("channels");
        shimmy = Shimmy.open(new ShimmyContext().dir(dir));
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private String[] files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void shouldReturnNullFromATimedOrNonBlockingAcceptWithNoConnector() throws Exception {
        try (StreamListener listener = shimmy.listen("idle")) {
            assertThat(listener.tryAccept()).isNull();
            assertThat(listener.accept(TimeUnit.MILLISECONDS.toNanos(20))).isNull();
            assertThat(listener.pending()).isZero();
        }
    }

    @ParameterizedTest(name = "wait {0}")
    @ValueSource(strings = {"spin", "yield", "backoff", "block"})
    void shouldWakeABlockedAcceptWhenAConnectorArrives(final String wait) throws Exception {
        try (StreamListener listener = shimmy.listen("wake", new StreamConfig().waitStrategy(wait))) {
            final CompletableFuture<StreamConnection> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.accept();
                } catch (final Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            Thread.sleep(50);
            try (StreamConnection connection = shimmy.connect("wake")) {
                assertThat(accepted.get(30, TimeUnit.SECONDS).name()).isEqualTo(connection.name());
            }
        }
    }

    @Test
    void shouldTimeOutAConnectWithoutListenerNamingTheStreamAndLeaveNothingBehind() throws Exception {
        assertThatThrownBy(() -> shimmy.connect("nobody", new StreamConfig().connectTimeoutNs(SHORT_NS)))
            .isInstanceOf(ConnectTimeoutException.class)
            .hasMessageContaining("cannot connect to stream 'nobody' in " + dir + " within 200 ms")
            .hasMessageContaining("no listener 'nobody' appeared")
            .hasMessageContaining("shimmy stream listen nobody");
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldTimeOutAConnectThatIsNotAcceptedAndWithdrawItsRequest() throws Exception {
        try (StreamListener listener = shimmy.listen("busy")) {
            assertThatThrownBy(() -> shimmy.connect("busy", new StreamConfig().connectTimeoutNs(SHORT_NS)))
                .isInstanceOf(ConnectTimeoutException.class).hasMessageContaining("did not accept the connection");
            assertThat(listener.pending()).isZero();
            assertThat(files()).containsExactly("busy");
            assertThat(listener.tryAccept()).isNull();
        }
    }

    @Test
    void shouldTimeOutAConnectWhileTheAcceptQueueIsFull() throws Exception {
        try (StreamListener listener = shimmy.listen("full", new StreamConfig().backlog(1))) {
            final CompletableFuture<StreamConnection> first = CompletableFuture.supplyAsync(() -> shimmy.connect(
                "full", new StreamConfig().connectTimeoutNs(TimeUnit.SECONDS.toNanos(30))));
            while (listener.pending() == 0) {
                Thread.sleep(1);
            }
            assertThatThrownBy(() -> shimmy.connect("full", new StreamConfig().connectTimeoutNs(SHORT_NS)))
                .isInstanceOf(ConnectTimeoutException.class)
                .hasMessageContaining("accept queue of 1 requests stayed full");
            try (StreamConnection accepted = listener.accept()) {
                assertThat(first.get(30, TimeUnit.SECONDS).name()).isEqualTo(accepted.name()).isEqualTo("full@1");
            }
        }
    }

    @Test
    void shouldGiveConnectionsTheListenersOptionsUnlessTheConnectorSetsItsOwn() throws Exception {
        final StreamConfig options = new StreamConfig().capacity(8192).livenessTimeoutNs(SHORT_NS);
        try (StreamListener listener = shimmy.listen("opts", options);
             Pair inherited = Pair.open(shimmy, listener, new StreamConfig());
             Pair own = Pair.open(shimmy, listener, new StreamConfig().capacity(1 << 16))) {
            assertThat(inherited.connector().capacity()).isEqualTo(8192);
            assertThat(inherited.acceptor().capacity()).isEqualTo(8192);
            assertThat(inherited.acceptor().livenessTimeoutNs()).isEqualTo(SHORT_NS);
            assertThat(own.acceptor().capacity()).isEqualTo(1 << 16);
            assertThat(own.acceptor().livenessTimeoutNs()).isEqualTo(SHORT_NS);
        }
    }

    @Test
    void shouldRefuseASecondLiveListenerOnTheSameName() {
        try (StreamListener listener = shimmy.listen("once")) {
            assertThatThrownBy(() -> shimmy.listen("once")).isInstanceOf(ShimmyException.class)
                .hasMessageContaining("stream 'once' in " + dir + " already has a live listener (pid " +
                    ProcessHandle.current().pid() + ")");
            assertThat(listener.isClosed()).isFalse();
        }
    }

    @Test
    void shouldRemoveTheListenerFileOnCloseAndFailAcceptsThen() throws Exception {
        final StreamListener listener = shimmy.listen("bye");
        final CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                listener.accept();
                return null;
            } catch (final Exception ex) {
                return ex;
            }
        });
        Thread.sleep(50);
        listener.close();
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
        assertThatThrownBy(listener::accept).isInstanceOf(ClosedChannelException.class);
        assertThat(files()).isEmpty();
        try (StreamListener again = shimmy.listen("bye")) {
            assertThat(again.name()).isEqualTo("bye");
        }
    }

    @Test
    void shouldRefuseChannelsOfAnotherKindAtTheName() {
        shimmy.publication("prices", new TopicConfig().capacity(4096)).close();
        assertThatThrownBy(() -> shimmy.listen("prices")).isInstanceOf(IncompatibleChannelException.class)
            .hasMessageContaining("is a topic, not a stream");
        assertThatThrownBy(() -> shimmy.connect("prices", new StreamConfig().connectTimeoutNs(SHORT_NS)))
            .isInstanceOf(IncompatibleChannelException.class).hasMessageContaining("is a topic, not a stream");
        try (StreamListener listener = shimmy.listen("rpc")) {
            assertThatThrownBy(() -> shimmy.publication("rpc")).isInstanceOf(IncompatibleChannelException.class)
                .hasMessageContaining("is a stream, not a topic");
        }
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"", ".hidden", "a/b", "x@1", "spaced name", "caf\u00e9"})
    void shouldRefuseBadNamesBeforeTouchingTheDirectory(final String name) {
        assertThatThrownBy(() -> shimmy.listen(name)).isInstanceOf(InvalidNameException.class)
            .hasMessageContaining("channel name");
        assertThatThrownBy(() -> shimmy.connect(name)).isInstanceOf(InvalidNameException.class);
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldServeTheLongestNameWithConnectionNamesBeyondTwoHundredCharacters() throws Exception {
        final String name = "n".repeat(200);
        try (StreamListener listener = shimmy.listen(name);
             Pair pair = Pair.open(shimmy, listener, new StreamConfig())) {
            assertThat(pair.connector().name()).hasSize(202);
            assertThat(ChannelDirectory.list(dir)).extracting(Entry::kind)
                .containsExactly(ChannelKind.STREAM_LISTENER, ChannelKind.STREAM_CONNECTION);
        }
    }

    @Test
    void shouldRefuseOptionsOutOfRange() {
        assertThatThrownBy(() -> shimmy.listen("o", new StreamConfig().capacity(5000)))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("capacity 5000");
        assertThatThrownBy(() -> shimmy.listen("o", new StreamConfig().backlog(0)))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("backlog 0");
        assertThatThrownBy(() -> shimmy.listen("o", new StreamConfig().livenessTimeoutNs(1)))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("liveness timeout");
        assertThatThrownBy(() -> shimmy.connect("o", new StreamConfig().waitStrategy("nap")))
            .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("unknown wait strategy 'nap'");
    }

    @Test
    void shouldReplaceADeadListenerAndRemoveTheConnectionFilesNoLiveProcessUses() throws Exception {
        try (Frozen frozen = new Frozen(dir)) {
            final StreamListener old = frozen.listen("svc", new StreamConfig().livenessTimeoutNs(Frozen.LIVENESS_NS));
            final CompletableFuture<StreamConnection> first =
                CompletableFuture.supplyAsync(() -> frozen.connect("svc", new StreamConfig()));
            old.accept();
            first.get(30, TimeUnit.SECONDS);
            final CompletableFuture<StreamConnection> second = CompletableFuture.supplyAsync(() ->
                shimmy.connect("svc", new StreamConfig().livenessTimeoutNs(TimeUnit.SECONDS.toNanos(2))));
            old.accept();
            final StreamConnection survivor = second.get(30, TimeUnit.SECONDS);
            frozen.stop();
            Frozen.outwait();
            assertThat(files()).containsExactly("svc", "svc@1", "svc@2");

            try (StreamListener replacement = shimmy.listen("svc");
                 Pair pair = Pair.open(shimmy, replacement, new StreamConfig())) {
                assertThat(files()).as("svc@1 had no live end; svc@2 still has its connector")
                    .containsExactly("svc", "svc@2", "svc@3");
                assertThat(pair.connector().name()).isEqualTo("svc@3");
                assertThatThrownBy(() -> survivor.read(ByteBuffer.allocate(1))).as("once 2 s without a heartbeat")
                    .isInstanceOf(PeerDeadException.class);
                survivor.close();
                assertThat(files()).containsExactly("svc", "svc@3");
            }
        }
    }

    @Test
    void shouldMakeAWaitingConnectorMoveToTheListenerThatReplacesADeadOne() throws Exception {
        try (Frozen frozen = new Frozen(dir)) {
            frozen.listen("moved", new StreamConfig().livenessTimeoutNs(Frozen.LIVENESS_NS));
            final CompletableFuture<StreamConnection> connecting = CompletableFuture.supplyAsync(() ->
                shimmy.connect("moved", new StreamConfig().connectTimeoutNs(TimeUnit.SECONDS.toNanos(30))));
            frozen.stop();
            Frozen.outwait();
            try (StreamListener replacement = shimmy.listen("moved");
                 StreamConnection accepted = replacement.accept(TimeUnit.SECONDS.toNanos(30))) {
                assertThat(accepted).isNotNull();
                assertThat(connecting.get(30, TimeUnit.SECONDS).name()).isEqualTo(accepted.name());
            }
        }
    }

    @Test
    void shouldListAndCleanListenersAndConnectionsByWhetherALiveProcessUsesThem() throws Exception {
        try (Frozen frozen = new Frozen(dir);
             StreamListener live = shimmy.listen("live");
             Pair pair = Pair.open(shimmy, live, new StreamConfig())) {
            final StreamListener dead = frozen.listen("dead", new StreamConfig().livenessTimeoutNs(Frozen.LIVENESS_NS));
            final CompletableFuture<StreamConnection> connecting =
                CompletableFuture.supplyAsync(() -> frozen.connect("dead", new StreamConfig()));
            dead.accept();
            connecting.get(30, TimeUnit.SECONDS);
            frozen.stop();
            Frozen.outwait();

            assertThat(ChannelDirectory.list(dir)).extracting(Entry::name, Entry::inUse)
                .containsExactly(tuple("dead", false), tuple("dead@1", false), tuple("live", true),
                    tuple("live@1", true));
            assertThat(ChannelDirectory.clean(dir, false)).extracting(Entry::name)
                .containsExactly("dead", "dead@1");
            assertThat(files()).containsExactly("live", "live@1");
        }
    }
}
