package io.shimmy.mirror;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.topic.Publication;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Main class of the child JVMs that cross-host tests run inside network namespaces ({@link Node}). One line per
 * event on standard output; exits when its parent closes standard input, or after three minutes.
 * <pre>
 *   serve DIR HOST PORT TRANSPORT                  prints LISTENING, then LOG lines
 *   push DIR TOPIC HOST PORT TRANSPORT             prints LOG lines
 *   create DIR TOPIC CAPACITY                      creates a reliable topic, prints CREATED
 *   publish DIR TOPIC COUNT MAX_LENGTH CAPACITY    prints PUBLISHED COUNT
 *   subscribe DIR TOPIC COUNT                      prints AT 1000, AT 2000... as they arrive, then RESULT ...
 *   hostile HOST PORT MODE                         prints ANSWER ... (see {@link HostilePeer})
 * </pre>
 * The secret comes from {@value MirrorSecret#ENV}.
 */
public final class MirrorNode {
    private MirrorNode() {
    }

    /**
     * Runs one command.
     *
     * @param args the command and its arguments.
     * @throws Exception on failure: the parent sees the stack trace and a non-zero exit.
     */
    public static void main(final String[] args) throws Exception {
        watchParent();
        switch (args[0]) {
            case "serve":
                serve(Path.of(args[1]), new InetSocketAddress(args[2], Integer.parseInt(args[3])), args[4]);
                break;
            case "push":
                push(Path.of(args[1]), args[2], new InetSocketAddress(args[3], Integer.parseInt(args[4])), args[5]);
                break;
            case "create":
                try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(Path.of(args[1])));
                     Publication created = shimmy.publication(args[2],
                         new TopicConfig().capacity(Integer.parseInt(args[3])))) {
                    say("CREATED " + created.topic());
                }
                break;
            case "publish":
                publish(Path.of(args[1]), args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
                break;
            case "subscribe":
                subscribe(Path.of(args[1]), args[2], Long.parseLong(args[3]));
                break;
            case "hostile":
                say("ANSWER " + HostilePeer.attack(new InetSocketAddress(args[1], Integer.parseInt(args[2])), args[3],
                    args.length > 4 ? args[4] : "tcp"));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + args[0]);
        }
        System.out.flush();
        System.exit(0);
    }

    private static MirrorContext context(final String transport) {
        return new MirrorContext().transport(transport).secret(MirrorSecret.resolve(null))
            .retryIntervalNs(TimeUnit.MILLISECONDS.toNanos(200)).log(line -> say("LOG " + line));
    }

    private static void serve(final Path dir, final InetSocketAddress bind, final String transport)
        throws InterruptedException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             MirrorServer server = new MirrorServer(shimmy, bind, context(transport)).start()) {
            say("LISTENING " + server.address());
            server.awaitClose();
        }
    }

    private static void push(final Path dir, final String topic, final InetSocketAddress to, final String transport) {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            new MirrorPush(shimmy, to, List.of(topic), context(transport)).run();
        }
    }

    private static void publish(final Path dir, final String topic, final long count, final int maxLength,
        final int capacity) {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Publication publication = shimmy.publication(topic, new TopicConfig().capacity(capacity))) {
            MirrorTest.publish(publication, count, maxLength, Thread::yield);
            say("PUBLISHED " + count);
            Thread.sleep(TimeUnit.MINUTES.toMillis(3));
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static void subscribe(final Path dir, final String topic, final long count) throws InterruptedException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            Subscription subscription = null;
            while (subscription == null) {
                try {
                    subscription = shimmy.subscription(topic, new SubscriptionConfig().start(StartPosition.EARLIEST)
                        .waitStrategy("block"));
                } catch (final ChannelNotFoundException ex) {
                    Thread.sleep(10);
                }
            }
            say("SUBSCRIBED");
            final Messages messages = new Messages();
            final io.shimmy.wait.WaitStrategy wait = subscription.newWaitStrategy();
            long next = 1000;
            while (messages.received() < count) {
                wait.idle(subscription.poll(messages, 100));
                while (messages.received() >= next) {
                    say("AT " + next);
                    next += 1000;
                }
            }
            say("RESULT " + messages.summary() + " lost=" + subscription.lostMessages() + " lostBytes=" +
                subscription.lostBytes());
        }
    }

    static void say(final String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
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
        final Thread lifetime = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(3));
            } catch (final InterruptedException ignore) {
                // halt anyway
            }
            Runtime.getRuntime().halt(4);
        }, "lifetime-watchdog");
        lifetime.setDaemon(true);
        lifetime.start();
    }
}
