package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.wait.WaitStrategy;

import java.nio.file.Path;
import java.util.Random;

/**
 * The main class of the child JVMs that {@link CrashTest} kills with SIGKILL (started by {@link ChildJvm}). Each
 * command works on a topic until it is killed, printing {@code READY} when it is under way and {@code BAD ...} if
 * it ever receives a message that is torn or out of order.
 * <pre>
 *   publish DIR TOPIC ID MAX_LENGTH offer|claim   publishes self-checking messages of mixed lengths until killed,
 *                                                 by copy or zero-copy (written in 64-byte pieces, then committed;
 *                                                 again if reclaimed); READY names its slot and the slot's count
 *                                                 of committed messages when it joined
 *   subscribe DIR TOPIC                           polls and checks every message until killed
 *   join-leave DIR TOPIC                          joins (latest or earliest), polls a little, leaves, again
 *   sleep DIR TOPIC                               subscribes with the blocking wait and sleeps on the futex
 * </pre>
 */
public final class CrashChild {
    private CrashChild() {
    }

    /**
     * Runs one command until killed.
     *
     * @param args the command and its arguments.
     */
    public static void main(final String[] args) {
        ChildProcess.exitWithParent();
        final Path dir = Path.of(args[1]);
        final String topic = args[2];
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            switch (args[0]) {
                case "publish" -> publish(shimmy, topic, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    "claim".equals(args[5]));
                case "subscribe" -> subscribe(shimmy, topic);
                case "join-leave" -> joinAndLeave(shimmy, topic);
                case "sleep" -> sleep(shimmy, topic);
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
    }

    private static void publish(final Shimmy shimmy, final String topic, final int id, final int maxLength,
        final boolean zeroCopy) {
        final Publication publication = shimmy.publication(topic);
        final Random random = new Random(id);
        final byte[] message = new byte[maxLength];
        final BufferClaim claim = new BufferClaim();
        final long pid = ProcessHandle.current().pid();
        final TopicStatus.Party self = TopicStatus.read(shimmy.context().dir(), topic).publishers().stream()
            .filter(party -> party.pid() == pid).findFirst().orElseThrow();
        say("READY slot=" + self.slot() + " base=" + self.messages());
        for (long sequence = 0; ; sequence++) {
            final int length = TestMessages.MIN_LENGTH + random.nextInt(maxLength - TestMessages.MIN_LENGTH + 1);
            TestMessages.encode(message, id, sequence, length);
            if (zeroCopy) {
                long committed;
                do {
                    while (publication.tryClaim(length, claim) < 0) {
                        Thread.onSpinWait();
                    }
                    for (int at = 0; at < length; at += 64) {
                        claim.buffer().putBytes(claim.offset() + at, message, at, Math.min(64, length - at));
                    }
                    committed = claim.commit();
                } while (committed == Publication.CLAIM_RECLAIMED);
            } else {
                while (publication.offer(message, 0, length) < 0) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static void subscribe(final Shimmy shimmy, final String topic) {
        final Subscription subscription = shimmy.subscription(topic);
        final Checker checker = new Checker(subscription.maxMessageLength());
        say("READY");
        final WaitStrategy wait = subscription.newWaitStrategy();
        while (true) {
            final int polled = subscription.poll(checker, 32);
            if (polled < 0) {
                say("BAD poll returned " + polled);
            }
            wait.idle(polled);
        }
    }

    private static void joinAndLeave(final Shimmy shimmy, final String topic) {
        final Random random = new Random();
        say("READY");
        for (int round = 0; ; round++) {
            try (Subscription subscription = shimmy.subscription(topic, new SubscriptionConfig()
                .start(random.nextBoolean() ? StartPosition.LATEST : StartPosition.EARLIEST))) {
                final Checker checker = new Checker(subscription.maxMessageLength());
                for (int i = 0; i < random.nextInt(20); i++) {
                    if (subscription.poll(checker, 8) < 0) {
                        say("BAD poll failed");
                    }
                }
            }
        }
    }

    private static void sleep(final Shimmy shimmy, final String topic) {
        final Subscription subscription = shimmy.subscription(topic, new SubscriptionConfig().waitStrategy("block"));
        final Checker checker = new Checker(subscription.maxMessageLength());
        final WaitStrategy wait = subscription.newWaitStrategy();
        say("READY");
        while (true) {
            wait.idle(subscription.poll(checker, 32));
        }
    }

    /** Checks each message's checksum, and that each publisher's sequences only grow. */
    private static final class Checker implements MessageHandler {
        private final MessageVerifier verifier;
        private long reported;

        Checker(final int maxLength) {
            verifier = new MessageVerifier(maxLength, true);
        }

        @Override
        public void onMessage(final SharedBuffer buffer, final int offset, final int length) {
            verifier.onMessage(buffer, offset, length);
            final long bad = verifier.badChecksums() + verifier.outOfOrder();
            if (bad > reported) {
                reported = bad;
                say("BAD " + verifier.summary());
            }
        }
    }

    private static void say(final String line) {
        System.out.println(line);
        System.out.flush();
    }
}
