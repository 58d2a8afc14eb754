package io.shimmy.bench.jmh;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.MessageHandler;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What reading costs: {@code poll} of messages already in the ring (a batch published before each invocation,
 * outside the measurement, then one {@code poll} per message), and an {@code offer} followed by the {@code poll}
 * that reads it, in one thread: a message's whole trip through the ring without the cache-line transfers between
 * cores that a cross-process run adds. The handler reads the message's first {@code long}, as the harness does.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SubscriptionBenchmark {
    /** Messages published before each invocation of {@link #poll}; 128 of 4 KiB fit the ring. */
    public static final int BATCH = 128;

    /** A topic with a publication and a subscription. */
    @State(Scope.Thread)
    public static class Topic {
        /** Message length in bytes. */
        @Param({"32", "256", "4096"})
        public int size;

        private TopicFixture fixture;
        private Publication publication;
        private Subscription subscription;
        private byte[] message;
        private MessageHandler handler;

        /**
         * Opens the topic and subscribes.
         *
         * @param blackhole that consumes what the handler reads.
         */
        @Setup
        public void open(final Blackhole blackhole) {
            fixture = new TopicFixture(true);
            publication = fixture.publication();
            subscription = fixture.subscription();
            message = new byte[size];
            handler = (final SharedBuffer buffer, final int offset, final int length) ->
                blackhole.consume(buffer.getLong(offset));
        }

        /**
         * Closes the topic and removes its directory.
         *
         * @throws IOException if the directory cannot be removed.
         */
        @TearDown
        public void close() throws IOException {
            fixture.close();
        }

        Publication publication() {
            return publication;
        }

        Subscription subscription() {
            return subscription;
        }

        byte[] message() {
            return message;
        }

        MessageHandler handler() {
            return handler;
        }
    }

    /**
     * The topic, with the batch that each invocation of {@link #poll} reads published before it. A subclass rather
     * than a second state that takes the topic as a parameter: JMH would give that one a topic instance of its own.
     */
    @State(Scope.Thread)
    public static class Filled extends Topic {
        /** Publishes the batch. */
        @Setup(Level.Invocation)
        public void publish() {
            for (int i = 0; i < BATCH; i++) {
                if (publication().offer(message(), 0, size) < 0) {
                    throw new IllegalStateException("offer failed while publishing the batch");
                }
            }
        }
    }

    /**
     * Polls the batch, one {@code poll} per message: the result is per message.
     *
     * @param topic the topic, with the batch published before.
     * @return messages read.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int poll(final Filled topic) {
        int read = 0;
        while (read < BATCH) {
            final int polled = topic.subscription().poll(topic.handler(), 1);
            if (polled <= 0) {
                throw new IllegalStateException("poll returned " + polled + " with " + (BATCH - read) +
                    " messages of the batch still unread");
            }
            read += polled;
        }
        return read;
    }

    /**
     * One {@code offer}, then one {@code poll}.
     *
     * @param topic the topic.
     * @return messages read: 1.
     */
    @Benchmark
    public int offerPoll(final Topic topic) {
        topic.publication().offer(topic.message(), 0, topic.size);
        return topic.subscription().poll(topic.handler(), 1);
    }
}
