package io.shimmy.stream;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.topic.ChildProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The main class of the child JVMs that cross-process stream tests start ({@code ChildJvm.start}); each
 * reports on stdout, one line per event. Options: capacity, liveness timeout in ms, wait strategy.
 * <pre>
 *   exchange-connect DIR NAME BYTES CAPACITY LIVENESS_MS WAIT   connects, sends BYTES of content 1 while receiving
 *   exchange-accept DIR NAME BYTES CAPACITY LIVENESS_MS WAIT    content 2 (or the reverse), prints RESULT
 *   write-then-hold DIR NAME BYTES                              connects, writes BYTES, says WROTE, hangs
 *   accept-then-hold DIR NAME CAPACITY LIVENESS_MS              listens, accepts one, says ACCEPTED, hangs
 *   echo-server DIR NAME LIVENESS_MS                            listens, says LISTENING, echoes every connection
 * </pre>
 */
public final class StreamChild {
    private static final long HOLD_MS = TimeUnit.MINUTES.toMillis(2);
    private static final int MAX_PIECE = 200_000;

    private StreamChild() {
    }

    /**
     * Runs one command.
     *
     * @param args the command and its arguments.
     * @throws Exception on any failure, which the parent sees as a non-zero exit and the stack trace.
     */
    public static void main(final String[] args) throws Exception {
        ChildProcess.exitWithParent();
        final Path dir = Path.of(args[1]);
        final String name = args[2];
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            switch (args[0]) {
                case "exchange-connect":
                case "exchange-accept":
                    exchange(shimmy, name, args[0].endsWith("connect"), Long.parseLong(args[3]), config(args, 4));
                    break;
                case "write-then-hold":
                    writeThenHold(shimmy, name, Integer.parseInt(args[3]));
                    break;
                case "accept-then-hold":
                    acceptThenHold(shimmy, name, config(args, 3));
                    break;
                case "echo-server":
                    echoServer(shimmy, name, new StreamConfig().livenessTimeoutNs(
                        TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3]))));
                    break;
                default:
                    throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
        System.out.flush();
        System.exit(0);
    }

    private static StreamConfig config(final String[] args, final int from) {
        final StreamConfig config = new StreamConfig().capacity(Integer.parseInt(args[from]))
            .livenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[from + 1])));
        return args.length > from + 2 ? config.waitStrategy(args[from + 2]) : config;
    }

    private static void exchange(final Shimmy shimmy, final String name, final boolean connecting, final long bytes,
        final StreamConfig config) throws Exception {
        final StreamConnection connection;
        if (connecting) {
            connection = shimmy.connect(name, config.connectTimeoutNs(TimeUnit.SECONDS.toNanos(60)));
        } else {
            try (StreamListener listener = shimmy.listen(name, config)) {
                say("LISTENING");
                connection = listener.accept();
            }
        }
        try (StreamConnection open = connection) {
            say("CONNECTED " + open.name());
            final long mine = connecting ? 1 : 2;
            final CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
                try {
                    return Payload.send(open, bytes, mine, new Random(mine + 10), MAX_PIECE);
                } catch (final IOException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            final Payload.Result received = Payload.receive(open, 3 - mine, new Random(mine + 20), MAX_PIECE);
            say("RESULT " + received + " sentCrc=" + Long.toHexString(sent.get(60, TimeUnit.SECONDS)));
        }
    }

    private static void writeThenHold(final Shimmy shimmy, final String name, final int bytes) throws Exception {
        final StreamConnection connection = shimmy.connect(name);
        final byte[] content = new byte[bytes];
        Payload.fill(1, 0, content, 0, bytes);
        connection.write(content, 0, bytes);
        say("WROTE " + bytes);
        Thread.sleep(HOLD_MS);
    }

    private static void acceptThenHold(final Shimmy shimmy, final String name, final StreamConfig config)
        throws Exception {
        final StreamListener listener = shimmy.listen(name, config);
        say("LISTENING");
        final StreamConnection connection = listener.accept();
        say("ACCEPTED " + connection.name());
        Thread.sleep(HOLD_MS);
    }

    private static void echoServer(final Shimmy shimmy, final String name, final StreamConfig config)
        throws Exception {
        final StreamListener listener = shimmy.listen(name, config);
        say("LISTENING");
        while (true) {
            final StreamConnection connection = listener.accept();
            say("ACCEPTED " + connection.name());
            final Thread echo = new Thread(() -> {
                final byte[] buffer = new byte[8192];
                try (StreamConnection open = connection) {
                    int n;
                    while ((n = open.read(buffer, 0, buffer.length)) >= 0) {
                        open.write(buffer, 0, n);
                    }
                } catch (final IOException ex) {
                    say("ECHO FAILED " + ex);
                }
            }, "echo-" + connection.name());
            echo.setDaemon(true);
            echo.start();
        }
    }

    private static void say(final String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
        }
    }
}
