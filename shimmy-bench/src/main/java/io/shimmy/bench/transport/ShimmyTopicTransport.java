package io.shimmy.bench.transport;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.bench.harness.Link;
import io.shimmy.bench.harness.Receiver;
import io.shimmy.bench.harness.Setup;
import io.shimmy.bench.harness.Transport;
import io.shimmy.bench.harness.Wait;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.MessageHandler;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicConfig;
import io.shimmy.wait.WaitStrategy;

import java.nio.ByteBuffer;

/**
 * Shimmy topics: the client publishes on topic {@code data}, to which every server subscribes; in a latency run the
 * server echoes on topic {@code echo}, straight from the mapped ring (zero-copy read, one copy into the other ring).
 * Both topics are reliable, with the run's ring capacity. With {@link Wait#BLOCK} subscribers use Shimmy's
 * {@code block} wait (spin briefly, then sleep on the topic's futex).
 */
public final class ShimmyTopicTransport implements Transport {
    private static final String DATA = "data";
    private static final String ECHO = "echo";

    @Override
    public Link server(final Setup setup, final int index) {
        final Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(setup.dir()));
        try {
            final Subscription in = shimmy.subscription(DATA, topic(setup), subscription(setup, "server-" + index));
            final Publication out = setup.duplex() ? shimmy.publication(ECHO, topic(setup)) : null;
            return new TopicLink(shimmy, out, in);
        } catch (final RuntimeException ex) {
            shimmy.close();
            throw ex;
        }
    }

    @Override
    public Link client(final Setup setup) {
        final Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(setup.dir()));
        try {
            final Publication out = shimmy.publication(DATA, topic(setup));
            final Subscription in = setup.duplex() ?
                shimmy.subscription(ECHO, topic(setup), subscription(setup, "client")) : null;
            return new TopicLink(shimmy, out, in);
        } catch (final RuntimeException ex) {
            shimmy.close();
            throw ex;
        }
    }

    private static TopicConfig topic(final Setup setup) {
        return new TopicConfig().capacity(setup.capacity()).maxMessageLength(setup.messageLength());
    }

    private static SubscriptionConfig subscription(final Setup setup, final String name) {
        return new SubscriptionConfig().name(name).waitStrategy(setup.waitMode() == Wait.BLOCK ? "block" : "spin");
    }

    /** One side: a publication, and a subscription where this side receives. */
    private static final class TopicLink implements Link, MessageHandler {
        private final Shimmy shimmy;
        private final Publication out;
        private final Subscription in;
        private final MessageHandler echoHandler = this::echoMessage;
        private Receiver receiver;

        TopicLink(final Shimmy shimmy, final Publication out, final Subscription in) {
            this.shimmy = shimmy;
            this.out = out;
            this.in = in;
        }

        @Override
        public boolean offer(final ByteBuffer message, final int length) {
            final long result = out.offer(message, 0, length);
            if (result >= 0) {
                return true;
            }
            if (result == Publication.BACK_PRESSURED) {
                return false;
            }
            throw new IllegalStateException("offer returned " + result);
        }

        @Override
        public int poll(final Receiver receiver, final int limit) {
            this.receiver = receiver;
            return checked(in.poll(this, limit));
        }

        @Override
        public void onMessage(final SharedBuffer buffer, final int offset, final int length) {
            receiver.onMessage(buffer.getLong(offset));
        }

        @Override
        public int echo(final int limit) {
            return checked(in.poll(echoHandler, limit));
        }

        private void echoMessage(final SharedBuffer buffer, final int offset, final int length) {
            long result;
            while ((result = out.offer(buffer, offset, length)) == Publication.BACK_PRESSURED) {
                Thread.onSpinWait();
            }
            if (result < 0) {
                throw new IllegalStateException("echo offer returned " + result);
            }
        }

        private static int checked(final int polled) {
            if (polled < 0) {
                throw new IllegalStateException("poll returned " + polled);
            }
            return polled;
        }

        @Override
        public WaitStrategy waitStrategy(final Wait wait) {
            return wait == Wait.BLOCK && in != null ? in.newWaitStrategy() : wait.spinOrYield();
        }

        @Override
        public void close() {
            shimmy.close();
        }
    }
}
