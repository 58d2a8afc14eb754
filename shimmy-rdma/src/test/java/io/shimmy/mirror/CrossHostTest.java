package io.shimmy.mirror;

import io.shimmy.mirror.bench.Namespaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two hosts as network namespaces joined by a veth pair ({@link Hosts}); mirror processes run inside them
 * ({@link Node}), with the tcp and the ucx transport. Skipped, with the reason printed, where namespaces cannot be
 * created.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CrossHostTest {
    private static final long COUNT = 50_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String PORT = "7781";

    @TempDir
    Path originDir;
    @TempDir
    Path replicaDir;
    private Namespaces hosts;
    private final List<Node> nodes = new ArrayList<>();

    @BeforeEach
    void createHosts() {
        hosts = Namespaces.create();
        Assumptions.assumeTrue(hosts != null, "network namespaces are not available here (see the output)");
    }

    @AfterEach
    void removeHosts() {
        for (final Node node : nodes) {
            node.close();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    private Node start(final String namespace, final String... args) {
        final Node node = Node.start(namespace, args);
        nodes.add(node);
        return node;
    }

    private Node serve(final String transport) throws InterruptedException {
        final Node server = start(hosts.b(), "serve", replicaDir.toString(), hosts.addressB(), PORT, transport);
        server.awaitLine("LISTENING", TIMEOUT);
        return server;
    }

    private Node push(final String transport) {
        return start(hosts.a(), "push", originDir.toString(), "prices", hosts.addressB(), PORT, transport);
    }

    /** Creates the topic, starts the mirror and a subscriber of the replica: what every test begins with. */
    private Node mirrorAndSubscribe(final String transport) throws InterruptedException {
        start(hosts.a(), "create", originDir.toString(), "prices", String.valueOf(1 << 20)).awaitLine("CREATED",
            TIMEOUT);
        push(transport);
        final Node subscriber = start(hosts.b(), "subscribe", replicaDir.toString(), "prices", String.valueOf(COUNT));
        subscriber.awaitLine("SUBSCRIBED", TIMEOUT);
        return subscriber;
    }

    private Node publish() {
        return start(hosts.a(), "publish", originDir.toString(), "prices", String.valueOf(COUNT), "1000",
            String.valueOf(1 << 20));
    }

    private void assertComplete(final Node subscriber) throws InterruptedException {
        final String result;
        try {
            result = subscriber.awaitLine("RESULT", TIMEOUT);
        } catch (final AssertionError ex) {
            final StringBuilder all = new StringBuilder(ex.getMessage());
            for (final Node node : nodes) {
                all.append("\n").append(node.describe());
            }
            throw new AssertionError(all.toString(), ex);
        }
        assertThat(result)
            .isEqualTo("RESULT received=50000 next=50000 bad=0 outOfOrder=0 duplicates=0 lost=0 lostBytes=0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ucx"})
    void shouldMirror50kMessagesInOrderAcrossHosts(final String transport) throws InterruptedException {
        serve(transport);
        final Node subscriber = mirrorAndSubscribe(transport);
        final Node publisher = publish();

        assertComplete(subscriber);
        publisher.awaitLine("PUBLISHED", TIMEOUT);
        assertThat(nodes.get(2).printed("lost")).as(nodes.get(2).describe()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ucx"})
    void shouldLoseAndDuplicateNothingWhenThePusherIsKilledMidStream(final String transport) throws Exception {
        serve(transport);
        final Node subscriber = mirrorAndSubscribe(transport);
        final Node first = nodes.get(2);
        publish();
        subscriber.awaitLine("AT 10000", TIMEOUT);

        first.kill();
        Thread.sleep(300);
        final Node second = push(transport);

        assertComplete(subscriber);
        assertThat(second.printed("lost")).as(second.describe()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ucx"})
    void shouldResumeWhenTheReceiverComesBack(final String transport) throws Exception {
        final Node firstServer = serve(transport);
        final Node subscriber = mirrorAndSubscribe(transport);
        final Node pusher = nodes.get(2);
        publish();
        subscriber.awaitLine("AT 10000", TIMEOUT);

        firstServer.kill();
        Thread.sleep(300);
        final Node secondServer = serve(transport);

        assertComplete(subscriber);
        assertThat(pusher.printed("lost")).as(pusher.describe()).isFalse();
        assertThat(secondServer.printed("resumed at position")).as(secondServer.describe()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ucx"})
    void shouldRefuseHostilePeersAndKeepServing(final String transport) throws InterruptedException {
        final Node server = serve(transport);
        for (final String mode : List.of("wrong-secret", "garbage", "bad-transport")) {
            final Node hostile = start(hosts.a(), "hostile", hosts.addressB(), PORT, mode, transport);
            final String answer = hostile.awaitLine("ANSWER", TIMEOUT);
            assertThat(answer).as(mode).doesNotContain("accepted").doesNotContain("still open");
        }
        assertThat(server.awaitLine("LOG refused sender", TIMEOUT)).contains("did not prove the shared secret");
        assertThat(server.awaitLine("LOG refused sender", TIMEOUT)).contains("frame of length");
        assertThat(server.awaitLine("LOG refused sender", TIMEOUT)).contains("transport 'smoke'");

        final Node subscriber = mirrorAndSubscribe(transport);
        publish();
        assertComplete(subscriber);
        assertThat(server.alive()).isTrue();
    }
}
