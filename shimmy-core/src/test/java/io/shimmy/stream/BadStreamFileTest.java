package io.shimmy.stream;

import io.shimmy.ChannelDirectory;
import io.shimmy.CorruptChannelException;
import io.shimmy.FileContent;
import io.shimmy.ForeignFileException;
import io.shimmy.IncompatibleChannelException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.region.ChannelHeaderDescriptor;
import io.shimmy.region.ErrorLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.shimmy.FileContent.patchInt;
import static io.shimmy.FileContent.patchLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Listener and connection files that are not what they should be: corrupt, truncated, foreign, of another kind,
 * or a symbolic link. Every way of reaching them refuses them with a message that says what is wrong, and none of
 * them is ever written to.
 */
class BadStreamFileTest {
    private static final String NAME = "victim";
    private static final String CONNECTION = NAME + "@1";
    private static final FileTime MODIFIED = FileTime.fromMillis(1_000_000_000_000L);
    private static byte[] listenerFile;
    private static byte[] connectionFile;

    @TempDir
    Path dir;
    private Shimmy shimmy;

    /**
     * Copies of a listener file and a connection file taken while they were in use: files of processes that died,
     * once their heartbeats are older than the short liveness timeout.
     */
    @BeforeAll
    static void copyValidFiles(@TempDir final Path elsewhere) throws Exception {
        final StreamConfig small = new StreamConfig().capacity(4096).backlog(1).livenessTimeoutNs(Frozen.LIVENESS_NS);
        try (Shimmy creator = Shimmy.open(new ShimmyContext().dir(elsewhere));
             StreamListener listener = creator.listen(NAME, small);
             Pair pair = Pair.open(creator, listener, small)) {
            pair.connector().write(new byte[100], 0, 100);
            listenerFile = Files.readAllBytes(elsewhere.resolve(NAME));
            connectionFile = Files.readAllBytes(elsewhere.resolve(CONNECTION));
        }
    }

    @BeforeEach
    void open() {
        shimmy = Shimmy.open(new ShimmyContext().dir(dir));
    }

    @AfterEach
    void close() {
        shimmy.close();
    }

    private static Stream<Arguments> common() {
        final byte[] random = new byte[16384];
        new Random(42).nextBytes(random);
        return Stream.of(
            Arguments.of("random bytes", (FileContent)valid -> random, ForeignFileException.class,
                "not a Shimmy channel"),
            Arguments.of("text", (FileContent)valid -> "not a stream\n".getBytes(StandardCharsets.UTF_8),
                ForeignFileException.class, "not a Shimmy channel"),
            Arguments.of("empty file", (FileContent)valid -> new byte[0], ForeignFileException.class,
                "not a Shimmy channel"),
            Arguments.of("cut inside the header", (FileContent)valid -> Arrays.copyOf(valid, 100),
                CorruptChannelException.class, "truncated"),
            Arguments.of("cut after the header", (FileContent)valid -> Arrays.copyOf(valid, 5000),
                CorruptChannelException.class, "is 5000 bytes but its header says"),
            Arguments.of("layout version 3", patchInt(ChannelHeaderDescriptor.LAYOUT_VERSION_OFFSET, 3),
                CorruptChannelException.class, "has layout version 3 but this Shimmy reads version 2"),
            Arguments.of("never ready", patchInt(ChannelHeaderDescriptor.READY_OFFSET, 0),
                CorruptChannelException.class, "never completely initialised"),
            Arguments.of("kind topic", patchInt(ChannelHeaderDescriptor.KIND_OFFSET, 1),
                IncompatibleChannelException.class, "is a topic, not a stream"),
            Arguments.of("unknown kind", patchInt(ChannelHeaderDescriptor.KIND_OFFSET, 99),
                CorruptChannelException.class, "unknown kind 99"));
    }

    static Stream<Arguments> badListeners() {
        return Stream.concat(common(), Stream.of(
            Arguments.of("capacity not a power of two", patchLong(ListenerDescriptor.CAPACITY_OFFSET, 5000),
                CorruptChannelException.class, "impossible parameters (capacity 5000"),
            Arguments.of("backlog 0", patchInt(ListenerDescriptor.BACKLOG_OFFSET, 0),
                CorruptChannelException.class, "backlog 0"),
            Arguments.of("backlog larger than the file", patchInt(ListenerDescriptor.BACKLOG_OFFSET, 100),
                CorruptChannelException.class, "layout that contradicts its parameters"),
            Arguments.of("slots moved", patchLong(ListenerDescriptor.SLOTS_OFFSET_OFFSET, 4096),
                CorruptChannelException.class, "layout that contradicts its parameters"),
            Arguments.of("kind connection", patchInt(ChannelHeaderDescriptor.KIND_OFFSET, 3),
                IncompatibleChannelException.class, "is a stream connection, not a stream")));
    }

    private Path put(final String name, final byte[] content) throws IOException {
        Files.createDirectories(dir);
        final Path file = Files.write(dir.resolve(name), content);
        Files.setLastModifiedTime(file, MODIFIED);
        return file;
    }

    private static void assertUntouched(final Path file, final byte[] content) throws IOException {
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(MODIFIED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badListeners")
    void shouldRefuseABadListenerFileEverywhereAndLeaveItUntouched(final String what, final FileContent content,
        final Class<? extends ShimmyException> refusal, final String message) throws IOException {
        final byte[] bytes = content.of(listenerFile);
        final Path file = put(NAME, bytes);

        assertThatThrownBy(() -> shimmy.listen(NAME)).isInstanceOf(refusal).hasMessageContaining(message)
            .hasMessageContaining(NAME);
        assertThatThrownBy(() -> shimmy.connect(NAME, new StreamConfig().connectTimeoutNs(
            TimeUnit.SECONDS.toNanos(30)))).as("refused at once, not waited for").isInstanceOf(refusal)
            .hasMessageContaining(message);
        assertThatThrownBy(() -> ListenerStatus.read(dir, NAME)).isInstanceOf(refusal);

        assertUntouched(file, bytes);
        if (refusal != IncompatibleChannelException.class) {
            assertThat(ChannelDirectory.list(dir)).singleElement()
                .satisfies(entry -> assertThat(entry.problem()).contains(message));
        }
    }

    static Stream<Arguments> badConnections() {
        return Stream.concat(common(), Stream.of(
            Arguments.of("capacity not a power of two", patchLong(StreamDescriptor.CAPACITY_OFFSET, 5000),
                CorruptChannelException.class, "impossible parameters (capacity 5000"),
            Arguments.of("liveness timeout 0", patchLong(StreamDescriptor.LIVENESS_TIMEOUT_OFFSET, 0),
                CorruptChannelException.class, "liveness timeout 0 ns"),
            Arguments.of("id of another connection", patchLong(StreamDescriptor.CONNECTION_ID_OFFSET, 2),
                CorruptChannelException.class, "layout that contradicts its parameters"),
            Arguments.of("ring moved", patchLong(StreamDescriptor.ACCEPTOR_RING_OFFSET_OFFSET, 8192),
                CorruptChannelException.class, "layout that contradicts its parameters"),
            Arguments.of("kind listener", patchInt(ChannelHeaderDescriptor.KIND_OFFSET, 2),
                IncompatibleChannelException.class, "is a stream, not a stream connection")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConnections")
    void shouldSkipABadConnectionFileInAcceptAndLeaveItUntouched(final String what, final FileContent content,
        final Class<? extends ShimmyException> refusal, final String message) throws Exception {
        final byte[] bytes = content.of(connectionFile);
        final Path file = put(CONNECTION, bytes);

        try (StreamListener listener = shimmy.listen(NAME)) {
            assertThat(ListenerFile.open(dir, NAME, false).post(1)).isTrue();
            assertThat(listener.tryAccept()).isNull();
            assertThat(ListenerStatus.read(dir, NAME).errors()).extracting(ErrorLog.Entry::text)
                .anyMatch(text -> text.startsWith("skipped connection request 1: ") && text.contains(message));

            final CompletableFuture<StreamConnection> next = CompletableFuture.supplyAsync(() -> shimmy.connect(NAME));
            try (StreamConnection accepted = listener.accept(TimeUnit.SECONDS.toNanos(30))) {
                assertThat(accepted.name()).as("ids go on past the bad file").isEqualTo(NAME + "@2");
                next.get(30, TimeUnit.SECONDS).close();
            }
        }
        assertThatThrownBy(() -> ConnectionStatus.read(dir, CONNECTION)).isInstanceOf(refusal)
            .hasMessageContaining(message);
        assertUntouched(file, bytes);
    }

    @Test
    void shouldRefuseToConnectThroughALiveListenerWhoseIdCounterIsDamagedAndLeaveNoConnectionFile()
        throws Exception {
        try (StreamListener listener = shimmy.listen(NAME);
             FileChannel channel = FileChannel.open(dir.resolve(NAME), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 0),
                ListenerDescriptor.NEXT_ID_OFFSET);
            assertThatThrownBy(() -> shimmy.connect(NAME, new StreamConfig().connectTimeoutNs(
                TimeUnit.MILLISECONDS.toNanos(200)))).isInstanceOf(CorruptChannelException.class)
                .hasMessageContaining("handed out connection id 0")
                .hasMessageContaining("counter of connection ids is damaged");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(path -> path.getFileName().toString())).containsExactly(NAME);
            }
        }
    }

    @Test
    void shouldAcceptFromAnUntouchedCopyOfAListenerAfterItsProcessDied() throws Exception {
        put(NAME, listenerFile);
        Frozen.outwait();
        try (StreamListener listener = shimmy.listen(NAME);
             Pair pair = Pair.open(shimmy, listener, new StreamConfig())) {
            assertThat(pair.acceptor().name()).isEqualTo(CONNECTION);
        }
    }

    @Test
    void shouldRemoveAnUntouchedCopyOfAConnectionWhoseEndsDiedWhenListening() throws Exception {
        put(CONNECTION, connectionFile);
        Frozen.outwait();
        assertThat(ConnectionStatus.read(dir, CONNECTION).inUse()).isFalse();
        assertThat(ConnectionStatus.read(dir, CONNECTION).toAcceptor().buffered()).isEqualTo(100);
        try (StreamListener listener = shimmy.listen(NAME)) {
            assertThat(dir.resolve(CONNECTION)).doesNotExist();
        }
    }

    @Test
    void shouldRefuseASymbolicLinkAtTheNameAndLeaveItsTargetUntouched(@TempDir final Path elsewhere)
        throws IOException {
        final Path target = Files.write(elsewhere.resolve(NAME), listenerFile);
        Files.setLastModifiedTime(target, MODIFIED);
        Files.createDirectories(dir);
        final Path link = Files.createSymbolicLink(dir.resolve(NAME), target);

        assertThatThrownBy(() -> shimmy.listen(NAME)).isInstanceOf(CorruptChannelException.class)
            .hasMessageContaining("not a regular file");
        assertThatThrownBy(() -> shimmy.connect(NAME)).isInstanceOf(CorruptChannelException.class)
            .hasMessageContaining("not a regular file");

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertUntouched(target, listenerFile);
        assertThat(ChannelDirectory.clean(dir, false)).isEmpty();
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
