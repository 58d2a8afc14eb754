package io.shimmy.wait;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.Publication;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A child process for {@link BlockingWaitRaceTest#shouldWakeTheSleeperOfEveryRaceBetweenAPublishAndASleep}, aimed
 * at the window between a sleeper's announcement and its {@code FUTEX_WAIT}.
 * <p>
 * The {@code sleeper} polls topic {@code go} and, after every empty poll, calls {@link Subscription#await(long)}
 * at once (no spinning); after each message it acknowledges on topic {@code ack}. The {@code waker} publishes
 * message i, busy-polls for its acknowledgement, waits a random 0 to 8 µs (so that its next publish lands anywhere
 * in the sleeper's poll, announce, re-check, sleep sequence), and publishes message i + 1.
 * <p>
 * A lost wake-up leaves the sleeper asleep with a message waiting: its await then lasts the whole
 * {@link #LOST_WAKEUP_NS} timeout, and the sleeper reports {@code LOST} and exits 3. It also counts its awaits that
 * returned within {@link #QUICK_NS} (the message came between its poll and its sleep: the race was hit and the
 * re-check or the futex word caught it) and those that slept until woken, and prints both with {@code DONE}.
 */
public final class WakeRaceChild {
    /** An await that lasts this long with a message waiting is a lost wake-up. */
    static final long LOST_WAKEUP_NS = TimeUnit.SECONDS.toNanos(10);
    /** An await shorter than this did not sleep in the kernel. */
    static final long QUICK_NS = TimeUnit.MICROSECONDS.toNanos(3);
    private static final long MAX_JITTER_NS = TimeUnit.MICROSECONDS.toNanos(8);

    private WakeRaceChild() {
    }

    /**
     * Runs one side.
     *
     * @param args directory, role ({@code sleeper} or {@code waker}), number of messages.
     */
    public static void main(final String[] args) {
        final Path dir = Path.of(args[0]);
        final boolean sleeper = args[1].equals("sleeper");
        final long count = Long.parseLong(args[2]);
        final TopicConfig topic = new TopicConfig().capacity(64 * 1024);
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Publication out = shimmy.publication(sleeper ? "ack" : "go", topic);
             Subscription in = shimmy.subscription(sleeper ? "go" : "ack", topic,
                 new SubscriptionConfig().start(StartPosition.EARLIEST))) {
            System.out.println("READY");
            System.out.flush();
            if (sleeper) {
                sleep(in, out, count);
            } else {
                wake(in, out, count);
            }
        }
    }

    private static void sleep(final Subscription in, final Publication out, final long count) {
        final SharedBuffer message = SharedBuffer.allocateDirect(8);
        final long[] received = {-1};
        final MessageReader reader = new MessageReader(received);
        long quick = 0;
        long slept = 0;
        for (long i = 0; i < count; i++) {
            received[0] = -1;
            while (in.poll(reader, 1) == 0) {
                final long start = System.nanoTime();
                in.await(LOST_WAKEUP_NS);
                final long took = System.nanoTime() - start;
                if (took < QUICK_NS) {
                    quick++;
                } else {
                    slept++;
                }
                if (took >= LOST_WAKEUP_NS && in.poll(reader, 1) > 0) {
                    System.out.println("LOST message " + i + " waited through the whole " +
                        TimeUnit.NANOSECONDS.toSeconds(LOST_WAKEUP_NS) + " s timeout");
                    System.exit(3);
                }
            }
            if (received[0] != i) {
                System.out.println("MISMATCH " + received[0] + " expected " + i);
                System.exit(3);
            }
            message.putLong(0, i);
            offer(out, message);
        }
        System.out.println("DONE " + count + " quick " + quick + " slept " + slept);
    }

    private static void wake(final Subscription in, final Publication out, final long count) {
        final SharedBuffer message = SharedBuffer.allocateDirect(8);
        final long[] received = {-1};
        final MessageReader reader = new MessageReader(received);
        final SplittableRandom random = new SplittableRandom(count);
        for (long i = 0; i < count; i++) {
            message.putLong(0, i);
            offer(out, message);
            received[0] = -1;
            while (in.poll(reader, 1) == 0) {
                Thread.onSpinWait();
            }
            if (received[0] != i) {
                System.out.println("MISMATCH ack " + received[0] + " expected " + i);
                System.exit(3);
            }
            final long until = System.nanoTime() + random.nextLong(MAX_JITTER_NS);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        System.out.println("DONE " + count);
    }

    private static void offer(final Publication out, final SharedBuffer message) {
        while (out.offer(message, 0, 8) < 0) {
            Thread.onSpinWait();
        }
    }

    private record MessageReader(long[] received) implements io.shimmy.topic.MessageHandler {
        @Override
        public void onMessage(final SharedBuffer buffer, final int offset, final int length) {
            received[0] = buffer.getLong(offset);
        }
    }
}
