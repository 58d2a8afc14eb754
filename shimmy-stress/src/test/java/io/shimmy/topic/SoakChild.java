package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.wait.WaitStrategy;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

/**
 * The main class of {@link SoakTest}'s child JVMs (started by {@link ChildJvm}). Every interval each prints
 * {@code STAT} with its counters, latency percentiles (send to receive, on the host's one monotonic clock), its
 * resident memory, its heap in use after a full collection (what the process really keeps; resident memory also
 * holds garbage not yet collected) and its mappings of channel files; it stops when the test creates {@code .stop}
 * in the channel directory, printing {@code DONE}.
 * <pre>
 *   publish DIR TOPIC ID RATE INTERVAL_MS     RATE messages/s of mixed lengths (28 B to 16 KiB)
 *   subscribe DIR TOPIC INTERVAL_MS           from before the first message: must get every message
 *   churn DIR TOPIC SEED INTERVAL_MS          joins at the latest position, reads 0.5 to 3 s, leaves, again
 * </pre>
 * Messages are {@link TestMessages} with the send time in bytes 12 to 19 (the checksum covers it). Any torn message,
 * gap or reordering prints {@code BAD}.
 */
public final class SoakChild {
    private static final int MIN_LENGTH = TestMessages.MIN_LENGTH + 8;
    private static final int MAX_LENGTH = 16 * 1024;

    private SoakChild() {
    }

    /**
     * Runs one role until the stop file appears.
     *
     * @param args the role and its arguments.
     * @throws Exception if it fails; the test sees the exit code and the trace.
     */
    public static void main(final String[] args) throws Exception {
        ChildProcess.exitWithParent(TimeUnit.HOURS.toMillis(2));
        final Path dir = Path.of(args[1]);
        final String topic = args[2];
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            switch (args[0]) {
                case "publish" -> publish(shimmy, dir, topic, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Long.parseLong(args[5]));
                case "subscribe" -> subscribe(shimmy, dir, topic, Long.parseLong(args[3]));
                case "churn" -> churn(shimmy, dir, topic, Long.parseLong(args[3]), Long.parseLong(args[4]));
                default -> throw new IllegalArgumentException("unknown role " + args[0]);
            }
        }
        System.exit(0);
    }

    private static void publish(final Shimmy shimmy, final Path dir, final String topic, final int id,
        final int rate, final long intervalMs) {
        final Publication publication = shimmy.publication(topic);
        final Random random = new Random(id);
        final byte[] message = new byte[MAX_LENGTH];
        final long periodNs = TimeUnit.SECONDS.toNanos(1) / rate;
        long sequence = 0;
        long backPressured = 0;
        long next = System.nanoTime();
        long report = System.currentTimeMillis() + intervalMs;
        say("READY");
        while (!stopped(dir)) {
            for (int burst = 0; burst < 64 && System.nanoTime() - next >= 0; burst++) {
                final int length = random.nextInt(16) == 0 ? MIN_LENGTH + random.nextInt(MAX_LENGTH - MIN_LENGTH) :
                    MIN_LENGTH + random.nextInt(1024);
                encode(message, id, sequence, length, System.nanoTime());
                while (publication.offer(message, 0, length) < 0) {
                    backPressured++;
                    LockSupport.parkNanos(10_000);
                }
                sequence++;
                next += periodNs;
            }
            if (System.currentTimeMillis() >= report) {
                report += intervalMs;
                say("STAT published=" + sequence + " backPressured=" + backPressured + " " + memory(dir));
            }
            LockSupport.parkNanos(Math.max(10_000, Math.min(1_000_000, next - System.nanoTime())));
        }
        say("DONE published=" + sequence);
    }

    private static void subscribe(final Shimmy shimmy, final Path dir, final String topic, final long intervalMs) {
        final Subscription subscription = shimmy.subscription(topic, new SubscriptionConfig().name("soak"));
        final Receiver receiver = new Receiver(false);
        say("READY");
        final WaitStrategy wait = subscription.newWaitStrategy();
        long report = System.currentTimeMillis() + intervalMs;
        long idleSince = -1;
        while (true) {
            final int polled = subscription.poll(receiver, 64);
            if (polled < 0) {
                say("BAD poll returned " + polled);
                return;
            }
            wait.idle(polled);
            final long now = System.currentTimeMillis();
            if (now >= report) {
                report += intervalMs;
                receiver.report(subscription, dir);
            }
            if (polled > 0) {
                idleSince = -1;
            } else if (idleSince < 0) {
                idleSince = now;
            } else if (now - idleSince > 2000 && stopped(dir)) {
                break;
            }
        }
        final StringBuilder done = new StringBuilder("DONE");
        for (int id = 1; id <= 255; id++) {
            if (receiver.verifier.count(id) > 0) {
                done.append(" p").append(id).append('=').append(receiver.verifier.count(id));
            }
        }
        say(done + " " + receiver.verifier.summary());
    }

    private static void churn(final Shimmy shimmy, final Path dir, final String topic, final long seed,
        final long intervalMs) {
        final Random random = new Random(seed);
        say("READY");
        long report = System.currentTimeMillis() + intervalMs;
        long memberships = 0;
        final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 2);
        long received = 0;
        while (!stopped(dir)) {
            memberships++;
            try (Subscription subscription = shimmy.subscription(topic, new SubscriptionConfig().name("churn"))) {
                final Receiver receiver = new Receiver(true);
                final long until = System.currentTimeMillis() + 500 + random.nextInt(2500);
                final WaitStrategy wait = subscription.newWaitStrategy();
                while (System.currentTimeMillis() < until) {
                    final int polled = subscription.poll(receiver, 64);
                    if (polled < 0) {
                        say("BAD poll returned " + polled);
                        return;
                    }
                    wait.idle(polled);
                }
                received += receiver.verifier.received();
                latency.add(receiver.latency);
                if (System.currentTimeMillis() >= report) {
                    report += intervalMs;
                    say("STAT memberships=" + memberships + " received=" + received + " " + percentiles(latency) +
                        " " + memory(dir));
                    latency.reset();
                }
            }
        }
        say("DONE memberships=" + memberships + " received=" + received);
    }

    /** Checks every message and records its latency. */
    private static final class Receiver implements MessageHandler {
        private final MessageVerifier verifier;
        private final Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(60), 2);
        private long reported;

        Receiver(final boolean joinedLate) {
            verifier = new MessageVerifier(MAX_LENGTH, joinedLate);
        }

        @Override
        public void onMessage(final SharedBuffer buffer, final int offset, final int length) {
            final long now = System.nanoTime();
            verifier.onMessage(buffer, offset, length);
            if (length >= MIN_LENGTH) {
                latency.recordValue(Math.max(0,
                    Math.min(now - buffer.getLong(offset + 12), latency.getHighestTrackableValue())));
            }
            final long bad = verifier.badChecksums() + verifier.outOfOrder() + verifier.gaps();
            if (bad > reported) {
                reported = bad;
                say("BAD " + verifier.summary());
            }
        }

        void report(final Subscription subscription, final Path dir) {
            say("STAT received=" + verifier.received() + " lost=" + subscription.lostMessages() + " " +
                percentiles(latency) + " " + memory(dir));
            latency.reset();
        }
    }

    private static String percentiles(final Histogram latency) {
        return "p50us=" + latency.getValueAtPercentile(50) / 1000 + " p99us=" +
            latency.getValueAtPercentile(99) / 1000 + " p999us=" + latency.getValueAtPercentile(99.9) / 1000 +
            " maxus=" + latency.getMaxValue() / 1000;
    }

    private static void encode(final byte[] message, final int id, final long sequence, final int length,
        final long sentNs) {
        TestMessages.encode(message, id, sequence, length);
        final ByteBuffer bytes = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(12, sentNs);
        final CRC32 crc = new CRC32();
        crc.update(message, 0, length - 8);
        bytes.putLong(length - 8, crc.getValue());
    }

    private static boolean stopped(final Path dir) {
        return Files.exists(dir.resolve(".stop"));
    }

    private static String memory(final Path dir) {
        System.gc();
        final long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long mappings = -1;
        try {
            mappings = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.contains(dir.toString())).count();
        } catch (final IOException ex) {
            // not Linux: leave it unknown
        }
        return "rssKiB=" + rssKiB() + " heapKiB=" + heap / 1024 + " mappings=" + mappings;
    }

    private static long rssKiB() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (final IOException | NumberFormatException ex) {
            return -1;
        }
        return -1;
    }

    private static void say(final String line) {
        System.out.println(line);
        System.out.flush();
    }
}
