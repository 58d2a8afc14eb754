package io.shimmy.cli;

import io.shimmy.ChannelDirectory;
import io.shimmy.stream.ConnectionStatus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * {@code shimmy stream listen} and {@code connect} end to end, as separate processes: binary data both ways at once,
 * half-close, a killed or interrupted peer, timeouts, names, and what list, stat and clean say about streams.
 */
class StreamIT extends CliProcesses {
    private static byte[] random(final int length, final long seed) {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        for (int i = 0; i < 256 && i < length; i++) {
            bytes[i] = (byte)i;
        }
        return bytes;
    }

    @Test
    void shouldCopyBinaryDataBothWaysAtOnceByteForByte() throws Exception {
        final byte[] down = random(6 << 20, 1);
        final byte[] up = random(5 << 20, 2);
        final Background listen = start(down, "stream", "listen", "bin", "--capacity", "64k", "--dir",
            dir.toString());
        final Result connect = shimmyWithInput(up, "stream", "connect", "bin", "--dir", dir.toString());
        final Result listened = listen.await();

        assertThat(connect.exitCode()).as(connect.stderr()).isZero();
        assertThat(listened.exitCode()).as(listened.stderr()).isZero();
        assertThat(connect.stderr()).isEmpty();
        assertThat(listened.stderr()).isEmpty();
        assertThat(Arrays.equals(connect.stdout(), down)).as("listener's input arrived at the connector").isTrue();
        assertThat(Arrays.equals(listened.stdout(), up)).as("connector's input arrived at the listener").isTrue();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldLetOneSideEndItsInputAtOnceAndStillReceive() throws Exception {
        final byte[] up = random(300_000, 3);
        final Background listen = start("stream", "listen", "half", "--dir", dir.toString());
        final Result connect = shimmyWithInput(up, "stream", "connect", "half", "--wait", "block", "--dir",
            dir.toString());
        final Result listened = listen.await();

        assertThat(connect.exitCode()).isZero();
        assertThat(connect.stdout()).isEmpty();
        assertThat(listened.exitCode()).isZero();
        assertThat(Arrays.equals(listened.stdout(), up)).isTrue();
    }

    @Test
    void shouldExitOneWhenNoListenerAcceptsWithinTheTimeout() throws Exception {
        final Result connect = shimmy("stream", "connect", "nobody", "--timeout", "300ms", "--dir", dir.toString());
        assertThat(connect.exitCode()).isEqualTo(1);
        assertThat(connect.stderr()).startsWith("shimmy: cannot connect to stream 'nobody' in " + dir +
            " within 300 ms: no listener 'nobody' appeared");
    }

    @Test
    void shouldExitTwoForBadNamesAndOptions() throws Exception {
        for (final String command : new String[] {"listen", "connect"}) {
            final Result result = shimmy("stream", command, "no/slash", "--dir", dir.toString());
            assertThat(result.exitCode()).as(command).isEqualTo(2);
            assertThat(result.stderr()).as(command).startsWith("shimmy: channel name 'no/slash' has character '/'");
        }
        assertThat(shimmy("stream", "listen", "x", "--capacity", "5000", "--dir", dir.toString()).stderr())
            .contains("capacity 5000 is not a power of two");
        final Result missing = shimmy("stream", "--dir", dir.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).startsWith("shimmy: missing subcommand: use listen or connect");
        assertThat(shimmy("stream", "connect", "x", "--timeout", "soon", "--dir", dir.toString()).exitCode())
            .isEqualTo(2);
        assertThat(dir).doesNotExist();
    }

    @Test
    void shouldExitOneWithinTheLivenessTimeoutWhenTheConnectorIsKilled() throws Exception {
        final Background listen = startWithOpenInput("stream", "listen", "doomed", "--liveness-timeout", "2s",
            "--dir", dir.toString());
        final Background connect = startWithOpenInput("stream", "connect", "doomed", "--dir", dir.toString());
        awaitConnection("doomed@1");
        send(listen, "hello\n");
        awaitOutput(connect, "hello\n");

        connect.process().destroyForcibly();
        final Result listened = listen.await();
        assertThat(listened.exitCode()).isEqualTo(1);
        assertThat(listened.stderr()).startsWith("shimmy: stream 'doomed' connection 1 (")
            .contains("the connecting end (pid " + connect.process().pid() + ") stopped heartbeating for longer " +
                "than the liveness timeout of 2000 ms");
        assertThat(dir.resolve("doomed@1")).as("the survivor removed the connection file").doesNotExist();
    }

    @Test
    void shouldExitOneWhenTheListenerIsKilledAndLetCleanRemoveWhatIsLeft() throws Exception {
        final Background listen = startWithOpenInput("stream", "listen", "gone", "--liveness-timeout", "2s",
            "--dir", dir.toString());
        final Background connect = startWithOpenInput("stream", "connect", "gone", "--dir", dir.toString());
        awaitConnection("gone@1");
        send(connect, "ping\n");
        awaitOutput(listen, "ping\n");

        listen.process().destroyForcibly();
        final Result connected = connect.await();
        assertThat(connected.exitCode()).isEqualTo(1);
        assertThat(connected.stderr()).contains("the listener's end (pid " + listen.process().pid() +
            ") stopped heartbeating");
        assertThat(dir.resolve("gone@1")).doesNotExist();
    }

    @Test
    void shouldAbortOnSigtermSoThatThePeerSeesAnErrorNotAnEndOfStream() throws Exception {
        final Background listen = startWithOpenInput("stream", "listen", "cut", "--dir", dir.toString());
        final Background connect = startWithOpenInput("stream", "connect", "cut", "--dir", dir.toString());
        awaitConnection("cut@1");
        send(connect, "partial");
        awaitOutput(listen, "partial");

        // not Process.destroy(): it also closes the pipe, and the end of input would end the stream cleanly
        final Process kill = new ProcessBuilder("kill", "-TERM", String.valueOf(connect.process().pid())).start();
        assertThat(kill.waitFor()).isZero();
        final Result connected = connect.await();
        assertThat(connected.exitCode()).isEqualTo(1);
        assertThat(connected.stderr()).startsWith("shimmy: stopped by a signal before stream 'cut' ended");
        final Result listened = listen.await();
        assertThat(listened.exitCode()).isEqualTo(1);
        assertThat(listened.stderr()).contains("closed the connection without ending its output");
        assertThat(new String(listened.stdout(), StandardCharsets.US_ASCII)).isEqualTo("partial");
    }

    @Test
    void shouldListStatAndCleanListenersAndConnections() throws Exception {
        final Background waiting = startWithOpenInput("stream", "listen", "lonely", "--capacity", "64k",
            "--liveness-timeout", "2s", "--dir", dir.toString());
        final Background listen = startWithOpenInput("stream", "listen", "pair", "--capacity", "64k", "--dir",
            dir.toString());
        final Background connect = startWithOpenInput("stream", "connect", "pair", "--dir", dir.toString());
        awaitConnection("pair@1");
        awaitFile("lonely");
        send(connect, "12345");
        awaitOutput(listen, "12345");

        final Result list = shimmy("list", "--dir", dir.toString());
        assertThat(list.lines()).hasSize(2);
        assertThat(list.lines().get(0)).matches("stream  +lonely  +64k  +alive");
        assertThat(list.lines().get(1)).matches("stream  +pair@1  +64k  +alive");

        final Result listener = shimmy("stat", "lonely", "--dir", dir.toString());
        assertThat(listener.exitCode()).isZero();
        assertThat(listener.out()).contains("name: lonely", "kind: stream listener",
            "state: alive  pid " + waiting.process().pid(), "capacity: 64k each way, for new connections",
            "liveness timeout: 2s", "backlog: 16", "pending requests: 0", "connections: 0");
        final Result connection = shimmy("stat", "pair@1", "--dir", dir.toString());
        assertThat(connection.exitCode()).isZero();
        assertThat(connection.out()).contains("name: pair@1", "kind: stream connection", "stream: pair", "id: 1",
            "capacity: 64k each way", "connector: alive  pid " + connect.process().pid(),
            "acceptor: alive  pid " + listen.process().pid(),
            "to acceptor: written 5  read 5  buffered 0  end of stream no", "errors: 0");

        waiting.process().destroyForcibly();
        waiting.await();
        awaitIdle("lonely");
        final Result clean = shimmy("clean", "--dir", dir.toString());
        assertThat(clean.lines()).containsExactly("removed lonely (stream not used by any live process)");
        connect.process().getOutputStream().close();
        listen.process().getOutputStream().close();
        assertThat(connect.await().exitCode()).isZero();
        assertThat(listen.await().exitCode()).isZero();
        assertThat(dir).isEmptyDirectory();
    }

    private static void send(final Background process, final String text) throws IOException {
        final OutputStream in = process.process().getOutputStream();
        in.write(text.getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    private static void awaitOutput(final Background process, final String text) throws Exception {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(process.stdout(), StandardCharsets.US_ASCII).equals(text)) {
                return;
            }
            Thread.sleep(10);
        }
        fail("no '" + text.strip() + "' on the standard output of " + process.process().info().commandLine());
    }

    private void awaitConnection(final String name) throws Exception {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(dir.resolve(name))) {
                final ConnectionStatus status = ConnectionStatus.read(dir, name);
                if (status.connector().alive() && status.acceptor().alive()) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        fail("connection " + name + " was not established in " + dir);
    }

    private void awaitFile(final String name) throws Exception {
        final Path file = dir.resolve(name);
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(file).exists();
    }

    private void awaitIdle(final String name) throws Exception {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (ChannelDirectory.list(dir).stream().noneMatch(entry -> entry.name().equals(name) && entry.inUse())) {
                return;
            }
            Thread.sleep(20);
        }
        fail(name + " still looks alive");
    }
}
