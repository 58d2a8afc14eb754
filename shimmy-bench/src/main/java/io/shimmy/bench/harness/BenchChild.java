package io.shimmy.bench.harness;

import io.shimmy.wait.WaitStrategy;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The main class of the harness's child JVMs. One process plays one role and reports on standard output, one line
 * per event, for the {@link Runner}:
 * <pre>
 *   READY                          a server is ready for the client
 *   TIMING, TIMED                  ping: the timed round trips begin, end; it pauses a quarter of a second after
 *                                  each, while the runner reads both processes' page-fault counts
 *   HISTOGRAM base64               ping: the round trips, an HdrHistogram in its compressed encoding, nanoseconds
 *   START nanoTime messages        publisher: when the first timed message was offered, and the messages sent
 *   END nanoTime messages          subscriber: when the last message arrived, and how many arrived (all checked)
 *   DONE                           results are complete
 *   ERROR message                  the role failed (a stack trace follows on standard error); exit status 1
 * </pre>
 * Arguments are {@code key=value}: {@code role} ({@code ping}, {@code pong}, {@code publisher}, {@code subscriber},
 * or {@code idle}: a subscriber that waits for messages that never come, for measuring its idle CPU),
 * {@code transport}, {@code dir}, {@code size}, {@code warmup}, {@code count}, {@code servers}, {@code index},
 * {@code wait}, {@code capacity}. Every message carries its sequence number in its first eight bytes, and receivers
 * check that each arrives once and in order. A child halts when its standard input closes: the runner closes it when
 * the run is over, and it closes by itself if the runner dies.
 */
public final class BenchChild implements Receiver {
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long STALL_NS = TimeUnit.SECONDS.toNanos(30);
    private static final long PAUSE_MS = 250;

    private final Link link;
    private final Setup setup;
    private final int size;
    private final long warmup;
    private final long count;
    private final WaitStrategy idle;
    private final WaitStrategy retry;
    private final ByteBuffer message;
    private long received = -1;
    private long expected;

    private BenchChild(final Link link, final Setup setup, final long warmup, final long count) {
        this.link = link;
        this.setup = setup;
        this.size = setup.messageLength();
        this.warmup = warmup;
        this.count = count;
        this.idle = link.waitStrategy(setup.waitMode());
        this.retry = setup.waitMode().spinOrYield();
        this.message = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Runs one role.
     *
     * @param args {@code key=value} pairs.
     */
    public static void main(final String[] args) {
        haltWhenStdinCloses();
        try {
            run(parse(args));
        } catch (final Throwable ex) {
            System.out.println("ERROR " + String.valueOf(ex.getMessage() != null ? ex.getMessage() : ex)
                .replace('\n', ' '));
            System.out.flush();
            ex.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
    }

    private static void run(final Map<String, String> args) throws Exception {
        final String role = args.get("role");
        final TransportKind kind = TransportKind.named(args.get("transport"));
        final Setup setup = new Setup(Path.of(args.get("dir")), Integer.parseInt(args.get("size")),
            Integer.parseInt(args.get("servers")), "ping".equals(role) || "pong".equals(role),
            Wait.named(args.get("wait")), Integer.parseInt(args.get("capacity")), () -> say("READY"));
        final Transport transport = kind.newTransport();
        final long warmup = Long.parseLong(args.get("warmup"));
        final long count = Long.parseLong(args.get("count"));
        final Link link;
        switch (role) {
            case "ping":
            case "publisher":
                link = transport.client(setup);
                break;
            case "pong":
            case "subscriber":
            case "idle":
                link = transport.server(setup, Integer.parseInt(args.get("index")));
                setup.ready();
                break;
            default:
                throw new IllegalArgumentException("unknown role " + role);
        }
        final BenchChild child = new BenchChild(link, setup, warmup, count);
        switch (role) {
            case "ping":
                child.ping();
                break;
            case "pong":
                child.pong();
                break;
            case "publisher":
                child.publish();
                break;
            case "idle":
                child.idleForever();
                break;
            default:
                child.subscribe();
                break;
        }
        say("DONE");
        while (true) {
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private void ping() throws InterruptedException {
        final Histogram histogram = new Histogram(HIGHEST_NS, 3);
        for (long i = 0; i < warmup; i++) {
            roundTrip(i);
        }
        pause("TIMING");
        final long total = warmup + count;
        for (long i = warmup; i < total; i++) {
            histogram.recordValue(Math.min(roundTrip(i), HIGHEST_NS));
        }
        pause("TIMED");
        final ByteBuffer encoded = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(encoded);
        final byte[] bytes = new byte[length];
        encoded.get(0, bytes);
        say("HISTOGRAM " + Base64.getEncoder().encodeToString(bytes));
    }

    /** Says where the timed round trips begin or end, then lets the runner read both processes' counters. */
    private static void pause(final String line) throws InterruptedException {
        say(line);
        Thread.sleep(PAUSE_MS);
    }

    private long roundTrip(final long i) {
        message.putLong(0, i);
        final long start = System.nanoTime();
        send();
        received = -1;
        int empty = 0;
        while (received < 0) {
            final int polled = link.poll(this, 1);
            idle.idle(polled);
            if (polled == 0 && (++empty & 0xFFFF) == 0 && System.nanoTime() - start > STALL_NS) {
                throw new IllegalStateException("no echo of message " + i + " within " +
                    TimeUnit.NANOSECONDS.toSeconds(STALL_NS) + " s");
            }
        }
        final long rtt = System.nanoTime() - start;
        if (received != i) {
            throw new IllegalStateException("sent message " + i + " but the echo was message " + received);
        }
        return rtt;
    }

    private void pong() {
        while (true) {
            idle.idle(link.echo(64));
        }
    }

    private void publish() {
        final long total = warmup + count;
        long start = 0;
        for (long i = 0; i < total; i++) {
            if (i == warmup) {
                start = System.nanoTime();
            }
            message.putLong(0, i);
            send();
        }
        say("START " + start + " " + count);
    }

    private void subscribe() {
        final long total = warmup + count;
        long lastCheckNs = System.nanoTime();
        boolean progressed = false;
        int empty = 0;
        while (expected < total) {
            final int polled = link.poll(this, 256);
            idle.idle(polled);
            if (polled > 0) {
                progressed = true;
            } else if ((++empty & 0xFFFF) == 0) {
                final long now = System.nanoTime();
                if (progressed) {
                    progressed = false;
                    lastCheckNs = now;
                } else if (now - lastCheckNs > STALL_NS) {
                    throw new IllegalStateException("received " + expected + " of " + total + " messages, then " +
                        "nothing for " + TimeUnit.NANOSECONDS.toSeconds(STALL_NS) + " s");
                }
            }
        }
        say("END " + System.nanoTime() + " " + expected);
    }

    private void idleForever() {
        while (true) {
            idle.idle(link.poll(this, 256));
        }
    }

    private void send() {
        while (!link.offer(message, size)) {
            retry.idle(0);
        }
        retry.reset();
    }

    @Override
    public void onMessage(final long sequence) {
        if (setup.duplex()) {
            received = sequence;
            return;
        }
        if (sequence != expected) {
            throw new IllegalStateException("expected message " + expected + " but received message " + sequence);
        }
        expected++;
    }

    private static Map<String, String> parse(final String[] args) {
        final Map<String, String> map = new HashMap<>();
        for (final String arg : args) {
            final int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + arg + "' is not key=value");
            }
            map.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        for (final String key : new String[] {"role", "transport", "dir", "size", "warmup", "count", "servers",
            "index", "wait", "capacity"}) {
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException("missing argument " + key + "=...");
            }
        }
        return map;
    }

    private static void say(final String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void haltWhenStdinCloses() {
        final Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    continue;
                }
            } catch (final IOException ignore) {
                // the runner is gone either way
            }
            Runtime.getRuntime().halt(0);
        }, "bench-stdin-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }
}
