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
import java.util.concurrent.TimeUnit;

/**
 * A child process for {@link BlockingWaitRaceTest}: echoes (pong) or sends and awaits (ping) numbered messages,
 * sleeping on the futex after every empty poll with an hour-long timeout, so one lost wake-up hangs it.
 */
public final class PingPongChild {
    private PingPongChild() {
    }

    /**
     * Runs one side.
     *
     * @param args directory, role ({@code ping} or {@code pong}), number of round trips.
     */
    public static void main(final String[] args) {
        final Path dir = Path.of(args[0]);
        final boolean ping = args[1].equals("ping");
        final long count = Long.parseLong(args[2]);
        final TopicConfig topic = new TopicConfig().capacity(64 * 1024);
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             Publication out = shimmy.publication(ping ? "ping" : "pong", topic);
             Subscription in = shimmy.subscription(ping ? "pong" : "ping", topic,
                 new SubscriptionConfig().start(StartPosition.EARLIEST))) {
            final WaitStrategy wait = new BlockingWait(in, 0, TimeUnit.HOURS.toNanos(1));
            final SharedBuffer message = SharedBuffer.allocateDirect(8);
            final long[] received = {-1};
            System.out.println("READY");
            System.out.flush();
            for (long i = 0; i < count; i++) {
                if (ping) {
                    message.putLong(0, i);
                    while (out.offer(message, 0, 8) < 0) {
                        Thread.onSpinWait();
                    }
                }
                received[0] = -1;
                while (received[0] < 0) {
                    wait.idle(in.poll((buffer, offset, length) -> received[0] = buffer.getLong(offset), 1));
                }
                if (received[0] != i) {
                    System.out.println("MISMATCH " + received[0] + " expected " + i);
                    System.exit(3);
                }
                if (!ping) {
                    message.putLong(0, i);
                    while (out.offer(message, 0, 8) < 0) {
                        Thread.onSpinWait();
                    }
                }
            }
            System.out.println("DONE " + count);
        }
    }
}
