package io.shimmy.stream;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.region.Keepalive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static io.shimmy.stream.StreamDescriptor.ACCEPTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.CONNECTOR_END_OFFSET;
import static io.shimmy.stream.StreamDescriptor.END_CLOSED;
import static io.shimmy.stream.StreamDescriptor.END_OPEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connector that gives up while the listener is accepting its request, step by step in one thread: each test
 * runs the real pieces of {@code connect} and {@code accept} ({@link Connector#giveUp},
 * {@link StreamListener#openRequest}, {@link StreamListener#claim}) in one of the orders two processes can run
 * them in, and checks that both sides agree on whether the connection was made. jcstress {@code AcceptStress}
 * runs the same pieces at once.
 */
@Timeout(60)
class StreamHandshakeTest {
    private static final String NAME = "rpc";

    @TempDir
    Path root;
    private Path dir;
    private Shimmy shimmy;
    private StreamListener listener;
    private final Keepalive keepalive = new Keepalive();
    private final StreamOwner nobody = new StreamOwner() {
        @Override
        public void opened(final AutoCloseable resource) {
        }

        @Override
        public void closed(final AutoCloseable resource) {
        }
    };

    @BeforeEach
    void open() {
        dir = root.resolve("channels");
        shimmy = Shimmy.open(new ShimmyContext().dir(dir));
        listener = shimmy.listen(NAME);
    }

    @AfterEach
    void close() {
        keepalive.close();
        shimmy.close();
    }

    private String[] files() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(path -> path.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    /** The listener's own mapping of its file. */
    private ListenerFile listenerFile() {
        return ListenerFile.open(dir, NAME, false);
    }

    /** What {@code connect} does before it waits, through a mapping of its own: id, file, posted request. */
    private ConnectionFile post(final ListenerFile connectorsListener) {
        final long id = connectorsListener.takeId();
        final ConnectionFile file = ConnectionFile.create(dir, NAME, id, StreamConfig.DEFAULT_CAPACITY,
            StreamConfig.DEFAULT_LIVENESS_TIMEOUT_NS, PosixFilePermissions.fromString("rw-------"), false);
        assertThat(connectorsListener.post(id)).isTrue();
        return file;
    }

    @Test
    void shouldNotAcceptAConnectionWhoseConnectorGaveUpAfterTheListenerTookItsRequestAndCheckedIt()
        throws Exception {
        final ListenerFile connectorsListener = ListenerFile.open(dir, NAME, false);
        final ConnectionFile connector = post(connectorsListener);
        final ListenerFile listenerFile = listenerFile();
        assertThat(listenerFile.takeRequest()).isEqualTo(connector.id());
        final ConnectionFile taken = StreamListener.openRequest(listenerFile, connector.id(), false);
        assertThat(taken.alive(CONNECTOR_END_OFFSET, System.nanoTime())).isTrue();

        // the connect timeout passes: the withdraw fails (the listener took the request), the acceptor is not open
        assertThat(connectorsListener.withdraw(connector.id())).isFalse();
        assertThat(Connector.giveUp(connectorsListener, connector.id(), true, connector)).isFalse();

        // the listener, which saw the connector alive a moment ago, opens its end: refused, connect has failed
        assertThat(taken.claimAcceptor()).isFalse();
        assertThat(StreamListener.claim(taken)).isFalse();
        assertThat(taken.state(CONNECTOR_END_OFFSET)).isEqualTo(END_CLOSED);
        assertThat(taken.state(ACCEPTOR_END_OFFSET)).isEqualTo(END_CLOSED);
        assertThat(files()).containsExactly(NAME);
        assertThat(listener.tryAccept()).isNull();
    }

    @Test
    void shouldMakeAConnectorThatGivesUpAfterTheListenerOpenedItsEndConnectToTheConnectionAcceptReturned()
        throws Exception {
        final ListenerFile connectorsListener = ListenerFile.open(dir, NAME, false);
        final ConnectionFile connectorFile = post(connectorsListener);
        final ConnectionFile acceptorFile = StreamListener.takeConnection(listenerFile(), false);
        assertThat(acceptorFile.name()).isEqualTo(connectorFile.name());

        // the connect timeout passes just after the listener opened its end: the connection stands
        assertThat(Connector.giveUp(connectorsListener, connectorFile.id(), true, connectorFile)).isTrue();
        try (StreamConnection connector = new StreamConnection(connectorFile, true, "spin", keepalive, nobody);
             StreamConnection acceptor = new StreamConnection(acceptorFile, false, "spin", keepalive, nobody)) {
            assertThat(connectorFile.state(CONNECTOR_END_OFFSET)).isEqualTo(END_OPEN);
            assertThat(connectorFile.state(ACCEPTOR_END_OFFSET)).isEqualTo(END_OPEN);
            connector.write(new byte[] {42}, 0, 1);
            final byte[] got = new byte[1];
            assertThat(acceptor.read(got, 0, 1)).isEqualTo(1);
            assertThat(got[0]).isEqualTo((byte)42);
        }
        assertThat(files()).containsExactly(NAME);
    }

    @Test
    void shouldAbandonAConnectionWhoseRequestTheListenerNeverTookAndLeaveNothingToAccept() throws Exception {
        final ListenerFile connectorsListener = ListenerFile.open(dir, NAME, false);
        final ConnectionFile connector = post(connectorsListener);
        assertThat(Connector.giveUp(connectorsListener, connector.id(), true, connector)).isFalse();
        assertThat(listener.pending()).isZero();
        assertThat(files()).containsExactly(NAME);
        assertThat(listener.tryAccept()).isNull();
    }

    @Test
    void shouldFailAConnectInterruptedWhileItWaitsWithdrawingItsRequestAndRemovingItsFile() throws Exception {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread connecting = new Thread(() -> {
            try {
                shimmy.connect(NAME, new StreamConfig().connectTimeoutNs(TimeUnit.SECONDS.toNanos(30))).close();
            } catch (final Throwable ex) {
                failure.set(ex);
            }
        });
        connecting.start();
        while (listener.pending() == 0) {
            Thread.onSpinWait();
        }
        connecting.interrupt();
        connecting.join();
        assertThat(failure.get()).isInstanceOf(ShimmyException.class)
            .hasMessageContaining("interrupted while connecting to stream 'rpc'");
        assertThat(listener.pending()).isZero();
        assertThat(files()).containsExactly(NAME);
        assertThat(listener.tryAccept()).isNull();
    }
}
