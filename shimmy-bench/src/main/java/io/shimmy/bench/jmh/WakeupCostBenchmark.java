package io.shimmy.bench.jmh;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.MessageHandler;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.TopicDescriptor;
import io.shimmy.wait.Signal;
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
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * What support for sleeping subscribers costs a publisher while nobody sleeps (issue 3's "within 5%"): the same
 * 32-byte {@code offer} and offer-then-poll in JVMs with wake-ups on (the default: after each commit one volatile
 * read of the topic's waiters count) and off ({@code -Dshimmy.wakeups=false}, a constant the JIT folds away, so the
 * topic has no waiting support at all). Three forks each, so that the difference stands out of fork-to-fork noise.
 * And what a publisher pays while a sleeper it woke is getting back on a core ({@code offerWhileASleeperWakes}):
 * against {@code offer}, the price of one wake-up call per sleep rather than per commit.
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
        TopicFixture fixture;
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

    /**
     * A topic without subscribers whose eventcount a sleeper has armed and not withdrawn: the state after a
     * publisher's commit woke a sleeping subscriber that is not back on a core yet, held for the whole benchmark.
     * The announcement is written through a mapping of the topic file of its own, as a subscriber in another
     * process would, on the waiting flag of the last subscriber slot.
     */
    @State(Scope.Thread)
    public static class Waking extends Offering {
        /**
         * Announces a sleeper, after {@link Offering#open()} opened the topic.
         *
         * @throws IOException if the topic file cannot be mapped.
         */
        @Setup
        public void announce() throws IOException {
            final SharedBuffer file;
            try (FileChannel channel = FileChannel.open(fixture.topicPath(), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
                file = new SharedBuffer(channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size()));
            }
            final int maxPublishers = file.getInt(TopicDescriptor.MAX_PUBLISHERS_OFFSET);
            final int maxSubscribers = file.getInt(TopicDescriptor.MAX_SUBSCRIBERS_OFFSET);
            final int flag = TopicDescriptor.subscribersOffset(maxPublishers) +
                (maxSubscribers - 1) * TopicDescriptor.SLOT_LENGTH + TopicDescriptor.SUB_WAITING_OFFSET;
            new Signal(file, TopicDescriptor.EVENTCOUNT_OFFSET, TopicDescriptor.WAITERS_OFFSET).prepare(flag);
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
     * Offer while a sleeper is announced and already woken (see {@link Waking}): the first commit wakes it, the
     * ones after it find nothing to wake, until it sleeps again.
     *
     * @param state the topic.
     * @return the position.
     */
    @Benchmark
    public long offerWhileASleeperWakes(final Waking state) {
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
