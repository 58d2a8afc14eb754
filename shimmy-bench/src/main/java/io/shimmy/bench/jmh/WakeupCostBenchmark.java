package io.shimmy.bench.jmh;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.MessageHandler;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What support for sleeping subscribers costs a publisher while nobody sleeps (issue 3's "within 5%"): the same
 * 32-byte {@code offer} and offer-then-poll in JVMs with wake-ups on (the default: after each commit one volatile
 * read of the topic's waiters count) and off ({@code -Dshimmy.wakeups=false}, a constant the JIT folds away, so the
 * topic has no waiting support at all). Three forks each, so that the difference stands out of fork-to-fork noise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class WakeupCostBenchmark {
    private static final int SIZE = 32;
    private static final String WITHOUT_WAKEUPS = "-Dshimmy.wakeups=false";

    /** A topic without subscribers: the publisher is never back-pressured. */
    @State(Scope.Thread)
    public static class Offering {
        private final byte[] message = new byte[SIZE];
        private TopicFixture fixture;
        private Publication publication;

        /** Opens the topic. */
        @Setup
        public void open() {
            fixture = new TopicFixture(false);
            publication = fixture.publication();
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

        long offer() {
            return publication.offer(message, 0, SIZE);
        }
    }

    /** A topic with one subscription, polled after each offer. */
    @State(Scope.Thread)
    public static class Pairing {
        private final byte[] message = new byte[SIZE];
        private TopicFixture fixture;
        private Publication publication;
        private Subscription subscription;
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

        int offerPoll() {
            publication.offer(message, 0, SIZE);
            return subscription.poll(handler, 1);
        }
    }

    /**
     * Offer, with wake-up support.
     *
     * @param state the topic.
     * @return the position.
     */
    @Benchmark
    public long offer(final Offering state) {
        return state.offer();
    }

    /**
     * Offer, without wake-up support.
     *
     * @param state the topic.
     * @return the position.
     */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = WITHOUT_WAKEUPS)
    public long offerWithoutWakeups(final Offering state) {
        return state.offer();
    }

    /**
     * Offer then poll, with wake-up support.
     *
     * @param state the topic.
     * @return messages read: 1.
     */
    @Benchmark
    public int offerPoll(final Pairing state) {
        return state.offerPoll();
    }

    /**
     * Offer then poll, without wake-up support.
     *
     * @param state the topic.
     * @return messages read: 1.
     */
    @Benchmark
    @Fork(value = 3, jvmArgsAppend = WITHOUT_WAKEUPS)
    public int offerPollWithoutWakeups(final Pairing state) {
        return state.offerPoll();
    }
}
