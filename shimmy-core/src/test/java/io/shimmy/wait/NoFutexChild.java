package io.shimmy.wait;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;

import java.nio.file.Path;

/**
 * A child process for {@link FutexFallbackTest}, started without JNR-FFI on its class path: two {@code block}
 * subscriptions receive what a publisher thread sends, then it prints {@code RECEIVED n n futex=false}.
 */
public final class NoFutexChild {
    private static final int MESSAGES = 2000;

    private NoFutexChild() {
    }

    /**
     * Runs the child.
     *
     * @param args the channel directory.
     * @throws InterruptedException never in practice.
     */
    public static void main(final String[] args) throws InterruptedException {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(Path.of(args[0])));
             Publication publication = shimmy.publication("fallback");
             Subscription first = shimmy.subscription("fallback", new SubscriptionConfig().waitStrategy("block"));
             Subscription second = shimmy.subscription("fallback", new SubscriptionConfig().waitStrategy("block"))) {
            final Thread publisher = new Thread(() -> {
                final SharedBuffer message = SharedBuffer.allocateDirect(8);
                for (int i = 0; i < MESSAGES; i++) {
                    message.putLong(0, i);
                    while (publication.offer(message, 0, 8) < 0) {
                        Thread.onSpinWait();
                    }
                    if (i % 100 == 0) {
                        sleepBriefly();
                    }
                }
            });
            publisher.start();
            final int a = receive(first);
            final int b = receive(second);
            publisher.join();
            System.out.println("RECEIVED " + a + " " + b + " futex=" + Futex.AVAILABLE);
        }
    }

    private static int receive(final Subscription subscription) {
        final WaitStrategy wait = subscription.newWaitStrategy();
        final int[] received = {0};
        while (received[0] < MESSAGES) {
            wait.idle(subscription.poll((buffer, offset, length) -> {
                if (buffer.getLong(offset) != received[0]++) {
                    throw new AssertionError("out of order at " + received[0]);
                }
            }, 10));
        }
        return received[0];
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
