package io.shimmy.cli;

import io.shimmy.mirror.UcxPresence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shimmy mirror serve|push} as real processes on loopback, between two channel directories: the CLI jar
 * carries what the mirror needs (jucx loads its JNI glue from the jar) and runs without JVM flags.
 */
class MirrorIT extends CliProcesses {
    private Path secret;
    private Path remote;

    @BeforeEach
    void writeSecret() throws IOException {
        secret = Files.writeString(logs.resolve("mirror.secret"), "a secret shared by both hosts\n");
        remote = dir.resolveSibling("remote-channels");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Background serve(final int port, final String transport) throws IOException {
        UcxPresence.assume(transport);
        return start("mirror", "serve", "--bind", "127.0.0.1:" + port, "--transport", transport, "--secret-file",
            secret.toString(), "--dir", remote.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ucx"})
    void shouldDeliverWhatIsPublishedInOneDirectoryToSubscribersOfAnother(final String transport) throws Exception {
        final int port = freePort();
        final Background serve = serve(port, transport);
        final Background push = start("mirror", "push", "prices", "--to", "127.0.0.1:" + port, "--transport",
            transport, "--secret-file", secret.toString(), "--dir", dir.toString());
        final List<String> lines = numbered("price", 5000);

        assertThat(shimmyWithInput(lines(lines), "pub", "prices", "--dir", dir.toString()).exitCode()).isZero();
        final Result sub = shimmy("--dir", remote.toString(), "sub", "prices", "--from", "earliest", "--count", "5000",
            "--idle-timeout", "20s");

        assertThat(sub.exitCode()).isZero();
        assertThat(sub.lines()).containsExactlyElementsOf(lines);
        final Result refused = shimmyWithInput(lines(List.of("local")), "pub", "prices", "--dir", remote.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("replica");
        push.process().destroy();
        serve.process().destroy();
        final Result pushed = push.await();
        final Result served = serve.await();
        assertThat(pushed.exitCode()).isZero();
        assertThat(served.exitCode()).isZero();
        assertThat(pushed.out()).contains("connected to 127.0.0.1:" + port);
        assertThat(served.out()).contains("replica created");
    }

    @Test
    void shouldRefuseUsageErrorsWithExitTwo() throws Exception {
        final Result noTo = shimmy("mirror", "push", "prices", "--secret-file", secret.toString());
        assertThat(noTo.exitCode()).isEqualTo(2);
        assertThat(noTo.stderr()).contains("--to");
        final Result badAddress = shimmy("mirror", "serve", "--bind", "127.0.0.1:http", "--secret-file",
            secret.toString());
        assertThat(badAddress.exitCode()).isEqualTo(2);
        assertThat(badAddress.stderr()).contains("no port number");
        final Result badTransport = shimmy("mirror", "serve", "--transport", "carrier-pigeon", "--secret-file",
            secret.toString());
        assertThat(badTransport.exitCode()).isEqualTo(2);
        assertThat(badTransport.stderr()).contains("not a mirror transport");
        final Result noSecret = shimmy("mirror", "serve", "--bind", "127.0.0.1:" + freePort());
        assertThat(noSecret.exitCode()).isEqualTo(2);
        assertThat(noSecret.stderr()).contains("no mirror secret");
        final Result noSubcommand = shimmy("mirror");
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.stderr()).contains("use serve or push");
    }

    @Test
    void shouldFailWithOneLineWhenThePortIsTakenOrTheSecretIsWrong() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            final Result busy = shimmy("mirror", "serve", "--bind", "127.0.0.1:" + taken.getLocalPort(),
                "--transport", "tcp", "--secret-file", secret.toString());
            assertThat(busy.exitCode()).isEqualTo(1);
            assertThat(busy.stderr()).startsWith("shimmy: cannot listen on");
        }
        final int port = freePort();
        final Background serve = serve(port, "tcp");
        final Path wrong = Files.writeString(logs.resolve("wrong.secret"), "not the secret the receiver has");
        final Result push = shimmy("mirror", "push", "prices", "--to", "127.0.0.1:" + port, "--transport", "tcp",
            "--secret-file", wrong.toString(), "--dir", dir.toString());
        assertThat(push.exitCode()).isEqualTo(1);
        assertThat(push.stderr()).startsWith("shimmy: cannot mirror to 127.0.0.1:" + port)
            .contains("did not prove the shared secret");
        serve.process().destroy();
        assertThat(serve.await().exitCode()).isZero();
    }
}
