package io.shimmy.cli;

import io.shimmy.Shimmy;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.MessageHandler;
import io.shimmy.topic.Publication;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.wait.WaitStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * The demo's pong process (hidden {@code shimmy demo-pong}): echoes each ping, counts the burst, answers its end.
 * Spins, then yields, while idle; exits after the end of the burst, or when the demo process is gone.
 */
@Command(name = "demo-pong", hidden = true, description = "The pong process of 'shimmy demo'.")
final class DemoPongCommand implements Callable<Integer> {
    @ParentCommand
    private ShimmyCli parent;

    @Option(names = "--parent-pid", description = "Exit when this process is gone.")
    private long parentPid;

    private final SharedBuffer reply = SharedBuffer.wrap(new byte[Demo.MESSAGE_LENGTH]);
    private final WaitStrategy sendWait = Demo.waitStrategy();
    private Publication pong;
    private long bursts;
    private boolean ended;

    @Override
    public Integer call() {
        try (Shimmy shimmy = Shimmy.open(parent.context(null))) {
            pong = shimmy.publication(Demo.PONG_TOPIC, Demo.topicConfig());
            final Subscription ping = shimmy.subscription(Demo.PING_TOPIC, Demo.topicConfig(),
                new SubscriptionConfig().start(StartPosition.LATEST).name("demo-pong"));
            final MessageHandler handler = this::onMessage;
            final WaitStrategy wait = Demo.waitStrategy();
            long nextCheckNs = System.nanoTime() + Demo.PARENT_CHECK_NS;
            while (!ended) {
                final int polled = ping.poll(handler, 256);
                if (polled < 0) {
                    throw CliException.runtime("demo pong: topic " + Demo.PING_TOPIC + " failed (poll returned " +
                        polled + ")");
                }
                wait.idle(polled);
                if (polled == 0) {
                    final long now = System.nanoTime();
                    if (now >= nextCheckNs) {
                        nextCheckNs = now + Demo.PARENT_CHECK_NS;
                        if (!Demo.parentAlive(parentPid)) {
                            throw CliException.runtime("demo pong: the demo process is gone; stopping");
                        }
                    }
                }
            }
            ping.close();
        }
        return 0;
    }

    private void onMessage(final SharedBuffer buffer, final int offset, final int length) {
        final long type = buffer.getLong(offset + Demo.TYPE_OFFSET);
        if (type == Demo.BURST) {
            bursts++;
        } else if (type == Demo.PING) {
            send(buffer, offset, length);
        } else if (type == Demo.END) {
            reply.putLong(Demo.TYPE_OFFSET, Demo.END);
            reply.putLong(Demo.VALUE_OFFSET, bursts);
            send(reply, 0, Demo.MESSAGE_LENGTH);
            ended = true;
        }
    }

    private void send(final SharedBuffer buffer, final int offset, final int length) {
        long result;
        while ((result = pong.offer(buffer, offset, length)) == Publication.BACK_PRESSURED) {
            sendWait.idle(0);
        }
        sendWait.reset();
        if (result < 0) {
            throw CliException.runtime("demo pong: cannot publish on " + Demo.PONG_TOPIC + " (offer returned " +
                result + ")");
        }
    }
}
