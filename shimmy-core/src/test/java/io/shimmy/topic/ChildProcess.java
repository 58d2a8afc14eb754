package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.wait.BackoffWait;
import io.shimmy.wait.WaitStrategy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The main class of the child JVMs that cross-process tests start (see {@link ChildJvm}): each run publishes,
 * subscribes or holds a subscription on a topic and reports on stdout, one line per event ({@code READY},
 * {@code PUBLISHED n}, {@code RESULT ...}). A child exits when its parent closes its stdin or dies, and after two
 * minutes at most, so that a failed test leaves no process behind.
 * <pre>
 *   publish DIR TOPIC PUBLISHER_ID COUNT MAX_LENGTH     COUNT &lt; 0 publishes until killed
 *   publish-then-hang DIR TOPIC PUBLISHER_ID COUNT MAX_LENGTH
 *                                                       then claims, writes half a message, says CLAIMED, hangs
 *   subscribe DIR TOPIC COUNT MAX_LENGTH                checks COUNT messages, then prints RESULT
 *   hold-subscription DIR TOPIC                         joins, then never polls
 *   create DIR TOPIC MODE                               creates a topic with default options
 * </pre>
 */
public final class ChildProcess {
    private static final long LIFETIME_MS = TimeUnit.MINUTES.toMillis(2);

    private ChildProcess() {
    }

    /**
     * Runs one command.
     *
     * @param args the command and its arguments.
     * @throws Exception on any failure, which the parent sees as a non-zero exit and the stack trace.
     */
    public static void main(final String[] args) throws Exception {
        exitWithParent();
        final Path dir = Path.of(args[1]);
        final String topic = args[2];
        switch (args[0]) {
            case "publish":
                publish(dir, topic, Integer.parseInt(args[3]), Long.parseLong(args[4]), Integer.parseInt(args[5]));
                break;
            case "publish-then-hang":
                publishThenHang(dir, topic, Integer.parseInt(args[3]), Long.parseLong(args[4]),
                    Integer.parseInt(args[5]));
                break;
            case "subscribe":
                subscribe(dir, topic, Long.parseLong(args[3]), Integer.parseInt(args[4]));
                break;
            case "hold-subscription":
                holdSubscription(dir, topic);
                break;
            case "create":
                create(dir, topic, args[3]);
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.out.flush();
        System.exit(0);
    }

    private static void publish(final Path dir, final String topic, final int publisherId, final long count,
        final int maxLength) {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Publication publication = shimmy.publication(topic)) {
            say("READY");
            final Random random = new Random(publisherId);
            final byte[] message = new byte[maxLength];
            long sequence = 0;
            while (count < 0 || sequence < count) {
                final int length = TestMessages.MIN_LENGTH + random.nextInt(maxLength - TestMessages.MIN_LENGTH + 1);
                TestMessages.encode(message, publisherId, sequence, length);
                while (publication.offer(message, 0, length) < 0) {
                    Thread.onSpinWait();
                }
                sequence++;
            }
            say("PUBLISHED " + sequence);
        }
    }

    private static void publishThenHang(final Path dir, final String topic, final int publisherId,
        final long count, final int maxLength) throws InterruptedException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Publication publication = shimmy.publication(topic)) {
            final byte[] message = new byte[maxLength];
            for (long sequence = 0; sequence < count; sequence++) {
                TestMessages.encode(message, publisherId, sequence, maxLength);
                while (publication.offer(message, 0, maxLength) < 0) {
                    Thread.onSpinWait();
                }
            }
            final BufferClaim claim = new BufferClaim();
            while (publication.tryClaim(maxLength, claim) < 0) {
                Thread.onSpinWait();
            }
            TestMessages.encode(message, publisherId, count, maxLength);
            claim.buffer().putBytes(claim.offset(), message, 0, maxLength / 2);
            say("CLAIMED " + count);
            Thread.sleep(LIFETIME_MS);
        }
    }

    private static void subscribe(final Path dir, final String topic, final long count, final int maxLength) {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Subscription subscription = shimmy.subscription(topic)) {
            say("READY");
            final MessageVerifier verifier = new MessageVerifier(maxLength, false);
            final WaitStrategy wait = new BackoffWait();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (verifier.received() < count && System.nanoTime() < deadline) {
                wait.idle(subscription.poll(verifier, 100));
            }
            say("RESULT received=" + verifier.received() + " bad=" + verifier.badChecksums() + " outOfOrder=" +
                verifier.outOfOrder() + " gaps=" + verifier.gaps() + " lost=" + subscription.lostMessages() +
                " summary=" + verifier.summary());
        }
    }

    private static void holdSubscription(final Path dir, final String topic) throws InterruptedException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Subscription subscription = shimmy.subscription(topic)) {
            say("READY " + subscription.position());
            Thread.sleep(LIFETIME_MS);
        }
    }

    private static void create(final Path dir, final String topic, final String mode) {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir).mode(mode));
             Publication publication = shimmy.publication(topic, new TopicConfig().capacity(4096))) {
            say("CREATED " + publication.topic());
        }
    }

    private static void say(final String line) {
        System.out.println(line);
        System.out.flush();
    }

    /**
     * Makes this JVM halt when its parent closes its stdin or dies, and after two minutes at most.
     */
    public static void exitWithParent() {
        exitWithParent(LIFETIME_MS);
    }

    /**
     * Makes this JVM halt when its parent closes its stdin or dies, and after a lifetime at most.
     *
     * @param lifetimeMs longest life of this JVM.
     */
    public static void exitWithParent(final long lifetimeMs) {
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
        final Thread lifetime = new Thread(() -> {
            try {
                Thread.sleep(lifetimeMs);
            } catch (final InterruptedException ignore) {
                // halt anyway
            }
            Runtime.getRuntime().halt(4);
        }, "lifetime-watchdog");
        lifetime.setDaemon(true);
        lifetime.start();
    }
}
