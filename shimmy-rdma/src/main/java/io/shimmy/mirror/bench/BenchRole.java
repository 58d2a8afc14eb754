package io.shimmy.mirror.bench;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.mirror.MirrorContext;
import io.shimmy.mirror.MirrorPush;
import io.shimmy.mirror.MirrorSecret;
import io.shimmy.mirror.MirrorServer;
import io.shimmy.topic.Publication;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicStatus;
import io.shimmy.wait.BackoffWait;
import io.shimmy.wait.BlockingWait;
import io.shimmy.wait.WaitStrategy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One side of a {@link MirrorBenchmark} measurement, run in a child JVM inside a network namespace. Prints
 * {@code READY} once it listens or is connected, then {@code RESULT ...}. Roles:
 * <pre>
 *   tcp-echo PORT                                        echoes 1 connection of pings, then sinks 1 stream
 *   tcp-ping HOST PORT WARMUP COUNT SIZE                 RESULT p50 p99 p999 (ns)
 *   tcp-stream HOST PORT COUNT SIZE                      sends COUNT framed messages as fast as it can
 *   mirror-pong DIR BIND PEER TRANSPORT WAIT             replica of "ping" in, "pong" out
 *   mirror-ping DIR BIND PEER TRANSPORT WAIT WARMUP COUNT SIZE   RESULT p50 p99 p999 (ns)
 *   mirror-sink DIR BIND TRANSPORT WAIT COUNT            RESULT msgs_per_s bytes_per_s
 *   mirror-source DIR PEER TRANSPORT WAIT COUNT SIZE     publishes COUNT messages on "flood"
 * </pre>
 * Throughput is timed on the receiving side, from the message a fifth of the way in (after the JIT warmed up) to the
 * last, for both raw TCP and mirrors; a back-pressured mirror source backs off as a blocked TCP sender sleeps.
 */
public final class BenchRole {
    private static final int CAPACITY = 1 << 22;
    /** Longest sleep of a back-pressured source: like a TCP sender blocked in write, it leaves the cores to the
     * mirror while the ring is full (at most a small part of the time the ring takes to drain). */
    private static final long SOURCE_MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private BenchRole() {
    }

    /**
     * Runs a role.
     *
     * @param args the role and its arguments.
     * @throws Exception on failure.
     */
    public static void main(final String[] args) throws Exception {
        watchParent();
        switch (args[0]) {
            case "tcp-echo":
                tcpEcho(Integer.parseInt(args[1]));
                break;
            case "tcp-ping":
                tcpPing(new InetSocketAddress(args[1], Integer.parseInt(args[2])), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]));
                break;
            case "tcp-stream":
                tcpStream(new InetSocketAddress(args[1], Integer.parseInt(args[2])), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
                break;
            case "mirror-pong":
                mirrorPong(Path.of(args[1]), address(args[2]), address(args[3]), args[4], args[5]);
                break;
            case "mirror-ping":
                mirrorPing(Path.of(args[1]), address(args[2]), address(args[3]), args[4], args[5],
                    Integer.parseInt(args[6]), Integer.parseInt(args[7]), Integer.parseInt(args[8]));
                break;
            case "mirror-sink":
                mirrorSink(Path.of(args[1]), address(args[2]), args[3], args[4], Integer.parseInt(args[5]));
                break;
            case "mirror-source":
                mirrorSource(Path.of(args[1]), address(args[2]), args[3], args[4], Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
                break;
            default:
                throw new IllegalArgumentException("unknown role " + args[0]);
        }
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static InetSocketAddress address(final String hostPort) {
        final int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    private static void say(final String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static String percentiles(final long[] samples) {
        Arrays.sort(samples);
        return "RESULT " + samples[samples.length / 2] + " " + samples[(int)(samples.length * 0.99)] + " " +
            samples[(int)(samples.length * 0.999)];
    }

    private static void tcpEcho(final int port) throws IOException {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(port));
            say("READY");
            try (Socket ping = server.accept()) {
                ping.setTcpNoDelay(true);
                final InputStream in = ping.getInputStream();
                final OutputStream out = ping.getOutputStream();
                final byte[] buffer = new byte[1 << 16];
                int read;
                while ((read = in.read(buffer)) > 0) {
                    out.write(buffer, 0, read);
                }
            }
            try (Socket stream = server.accept()) {
                final DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                    stream.getInputStream(), 1 << 16));
                final int count = in.readInt();
                final int untimed = count / 5;
                final byte[] message = new byte[1 << 20];
                long first = 0;
                long bytes = 0;
                for (int i = 0; i < count; i++) {
                    final int length = in.readInt();
                    in.readFully(message, 0, length);
                    if (i == untimed) {
                        first = System.nanoTime();
                    } else if (i > untimed) {
                        bytes += length;
                    }
                }
                final long elapsed = System.nanoTime() - first;
                stream.getOutputStream().write(1);
                say(String.format(Locale.ROOT, "RESULT %.0f %.0f", (count - 1 - untimed) * 1e9 / elapsed,
                    bytes * 1e9 / elapsed));
            }
        }
    }

    private static void tcpPing(final InetSocketAddress to, final int warmup, final int count, final int size)
        throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(to, 5000);
            socket.setTcpNoDelay(true);
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            final byte[] message = new byte[size];
            final long[] samples = new long[count];
            for (int i = 0; i < warmup + count; i++) {
                final long start = System.nanoTime();
                out.write(message);
                int read = 0;
                while (read < size) {
                    final int n = in.read(message, read, size - read);
                    if (n < 0) {
                        throw new IOException("echo closed");
                    }
                    read += n;
                }
                if (i >= warmup) {
                    samples[i - warmup] = System.nanoTime() - start;
                }
            }
            say(percentiles(samples));
        }
    }

    private static void tcpStream(final InetSocketAddress to, final int count, final int size) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(to, 5000);
            final DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                socket.getOutputStream(), 1 << 16));
            final byte[] message = new byte[size];
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeInt(size);
                out.write(message);
            }
            out.flush();
            if (socket.getInputStream().read() < 0) {
                throw new IOException("sink closed early");
            }
            say("RESULT sent");
        }
    }

    private static MirrorContext context(final String transport, final String wait) {
        return new MirrorContext().transport(transport).secret(MirrorSecret.resolve(null)).waitStrategy(wait)
            .log(line -> { });
    }

    private static Subscription await(final Shimmy shimmy, final String topic, final String wait)
        throws InterruptedException {
        while (true) {
            try {
                return shimmy.subscription(topic, new SubscriptionConfig().start(StartPosition.EARLIEST)
                    .waitStrategy(wait));
            } catch (final ChannelNotFoundException ex) {
                Thread.sleep(5);
            }
        }
    }

    /**
     * How the applications wait: {@code block} is Shimmy's blocking wait with as few spins as the mirror's threads
     * (they sleep on the topic at once, as a TCP reader sleeps in the kernel); the others as named. Independent of
     * how the mirror's threads wait, so that changing those does not change the applications.
     */
    private static WaitStrategy waitFor(final Subscription subscription, final String wait) {
        return "block".equalsIgnoreCase(wait) ? new BlockingWait(subscription, MirrorContext.BLOCK_SPINS,
            TimeUnit.MILLISECONDS.toNanos(1)) : WaitStrategy.named(wait, subscription);
    }

    private static Thread pushInBackground(final Shimmy shimmy, final InetSocketAddress to, final String topic,
        final MirrorContext context) {
        final MirrorPush push = new MirrorPush(shimmy, to, List.of(topic), context);
        final Thread thread = new Thread(push::run, "bench-push");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void mirrorPong(final Path dir, final InetSocketAddress bind, final InetSocketAddress peer,
        final String transport, final String wait) throws InterruptedException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir).waitStrategy(wait));
             MirrorServer server = new MirrorServer(shimmy, bind, context(transport, wait)).start();
             Publication pong = shimmy.publication("pong", new TopicConfig().capacity(CAPACITY))) {
            pushInBackground(shimmy, peer, "pong", context(transport, wait));
            say("READY");
            final Subscription ping = await(shimmy, "ping", wait);
            final WaitStrategy idle = waitFor(ping, wait);
            final SharedBuffer copy = SharedBuffer.allocateDirect(1 << 20);
            final int[] length = new int[1];
            while (true) {
                length[0] = -1;
                final int polled = ping.poll((buffer, offset, size) -> {
                    buffer.getBytes(offset, copy, 0, size);
                    length[0] = size;
                }, 1);
                if (length[0] >= 0) {
                    while (pong.offer(copy, 0, length[0]) < 0) {
                        Thread.onSpinWait();
                    }
                }
                idle.idle(polled);
            }
        }
    }

    private static void mirrorPing(final Path dir, final InetSocketAddress bind, final InetSocketAddress peer,
        final String transport, final String wait, final int warmup, final int count, final int size)
        throws InterruptedException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir).waitStrategy(wait));
             MirrorServer server = new MirrorServer(shimmy, bind, context(transport, wait)).start();
             Publication ping = shimmy.publication("ping", new TopicConfig().capacity(CAPACITY))) {
            pushInBackground(shimmy, peer, "ping", context(transport, wait));
            final Subscription pong = await(shimmy, "pong", wait);
            say("READY");
            final WaitStrategy idle = waitFor(pong, wait);
            final byte[] message = new byte[size];
            final long[] samples = new long[count];
            final int[] got = new int[1];
            for (int i = 0; i < warmup + count; i++) {
                final long start = System.nanoTime();
                while (ping.offer(message, 0, size) < 0) {
                    Thread.onSpinWait();
                }
                got[0] = 0;
                while (got[0] == 0) {
                    idle.idle(pong.poll((buffer, offset, length) -> got[0]++, 1));
                }
                idle.reset();
                if (i >= warmup) {
                    samples[i - warmup] = System.nanoTime() - start;
                }
            }
            say(percentiles(samples));
        }
    }

    private static void mirrorSink(final Path dir, final InetSocketAddress bind, final String transport,
        final String wait, final int count) throws InterruptedException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir).waitStrategy(wait));
             MirrorServer server = new MirrorServer(shimmy, bind, context(transport, wait)).start()) {
            say("READY");
            final Subscription flood = await(shimmy, "flood", wait);
            final WaitStrategy idle = waitFor(flood, wait);
            final long[] state = new long[3];
            final int untimed = count / 5;
            while (state[0] < count) {
                idle.idle(flood.poll((buffer, offset, length) -> {
                    if (state[0] == untimed) {
                        state[1] = System.nanoTime();
                    } else if (state[0] > untimed) {
                        state[2] += length;
                    }
                    state[0]++;
                }, 256));
            }
            final long elapsed = System.nanoTime() - state[1];
            say(String.format(Locale.ROOT, "RESULT %.0f %.0f", (count - 1 - untimed) * 1e9 / elapsed,
                state[2] * 1e9 / elapsed));
        }
    }

    private static void mirrorSource(final Path dir, final InetSocketAddress peer, final String transport,
        final String wait, final int count, final int size) throws InterruptedException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Publication flood = shimmy.publication("flood", new TopicConfig().capacity(CAPACITY))) {
            final Thread push = pushInBackground(shimmy, peer, "flood", context(transport, wait));
            while (TopicStatus.read(dir, "flood").subscribers().isEmpty()) {
                Thread.sleep(5);
            }
            say("READY");
            final byte[] message = new byte[size];
            final WaitStrategy backPressured = new BackoffWait(BackoffWait.DEFAULT_SPINS, BackoffWait.DEFAULT_YIELDS,
                BackoffWait.DEFAULT_MIN_PARK_NS, SOURCE_MAX_PARK_NS);
            for (int i = 0; i < count; i++) {
                while (flood.offer(message, 0, size) < 0) {
                    backPressured.idle(0);
                }
                backPressured.reset();
            }
            say("RESULT published");
            push.join(TimeUnit.MINUTES.toMillis(5));
        }
    }

    private static void watchParent() {
        final Thread parent = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    continue;
                }
            } catch (final IOException ignore) {
                // the parent is gone either way
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watchdog");
        parent.setDaemon(true);
        parent.start();
    }
}
