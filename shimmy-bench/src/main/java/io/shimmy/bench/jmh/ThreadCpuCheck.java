package io.shimmy.bench.jmh;

import io.shimmy.buffer.SharedBuffer;
import io.shimmy.topic.MessageHandler;
import io.shimmy.topic.Publication;
import io.shimmy.topic.Subscription;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A cross-check of the JMH benchmarks for a machine too busy for them: the thread CPU time of {@code offer} (or an
 * offer and the poll that reads it), best of many repetitions. CPU time leaves out the time the thread spends
 * descheduled, which on a loaded machine swamps wall-clock averages; the best repetition leaves out the ones that
 * other processes slowed through the caches. Not a replacement for JMH on a quiet machine.
 * <pre>
 *   java [-Dshimmy.wakeups=false] -cp shimmy-bench/target/benchmarks.jar io.shimmy.bench.jmh.ThreadCpuCheck \
 *       offer|offer-poll SIZE
 * </pre>
 */
public final class ThreadCpuCheck {
    private static final int OPERATIONS = 2_000_000;
    private static final int REPETITIONS = 15;

    private ThreadCpuCheck() {
    }

    /**
     * Measures and prints one line: what, the size, whether wake-ups are on, and the best CPU time per operation.
     *
     * @param args {@code offer} or {@code offer-poll}, and the message size.
     * @throws IOException if the topic's directory cannot be removed.
     */
    public static void main(final String[] args) throws IOException {
        final boolean poll = args[0].equals("offer-poll");
        final int size = Integer.parseInt(args[1]);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long[] sink = new long[1];
        final MessageHandler handler = (final SharedBuffer buffer, final int offset, final int length) ->
            sink[0] += buffer.getLong(offset);
        final byte[] message = new byte[size];
        double best = Double.MAX_VALUE;
        try (TopicFixture fixture = new TopicFixture(poll)) {
            final Publication publication = fixture.publication();
            final Subscription subscription = fixture.subscription();
            for (int repetition = 0; repetition < REPETITIONS; repetition++) {
                final long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < OPERATIONS; i++) {
                    publication.offer(message, 0, size);
                    if (poll) {
                        subscription.poll(handler, 1);
                    }
                }
                best = Math.min(best, (double)(threads.getCurrentThreadCpuTime() - start) / OPERATIONS);
            }
        }
        System.out.println(String.format(Locale.ROOT, "%s %d B wakeups=%b: %.2f ns/op (best of %d x %d, " +
            "thread CPU time; checksum %d)", args[0], size, Publication.WAKEUPS, best, REPETITIONS, OPERATIONS,
            sink[0]));
    }
}
