package io.shimmy.examples.sensors;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.examples.common.ChannelOptions;
import io.shimmy.examples.common.ExampleException;
import io.shimmy.examples.common.Formats;
import io.shimmy.examples.common.LatencyHistogram;
import io.shimmy.examples.common.MemoryFileSystem;
import io.shimmy.examples.common.Options;
import io.shimmy.examples.common.Shutdown;
import io.shimmy.topic.MessageHandler;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.topic.TopicStatus;
import io.shimmy.wait.WaitStrategy;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code shimmy-sensors stats} and {@code shimmy-sensors alerts}: subscribers of the sensors topic. Each receives
 * every reading independently (fan-out), checks that each run's readings arrive complete and in order, measures
 * publish-to-receive latency from the sent time stamped in each reading, and prints readings per second and latency
 * percentiles every report interval and at the end.
 * <p>
 * A subscriber joins at the latest position (readings published before it joined are not its concern) and follows
 * publisher restarts: a new run id starts a new run. It exits after {@code --runs} runs have ended, or on SIGTERM;
 * with status 1 if a reading of a run it followed went missing or came out of order.
 */
final class AnalyticsSubscriber {
    private static final int POLL_LIMIT = 256;
    private static final long TOPIC_POLL_MS = 100;

    private final String command;
    private final PrintStream out;
    private final Analysis analysis;
    private final LatencyHistogram interval = new LatencyHistogram();
    private final LatencyHistogram total = new LatencyHistogram();
    private final MessageHandler handler = this::onMessage;
    private long run;
    private boolean inRun;
    private long expected;
    private long joinedAt;
    private long runReceived;
    private long runMissing;
    private long runDisordered;
    private long received;
    private long missing;
    private long disordered;
    private long malformed;
    private int runsEnded;

    private AnalyticsSubscriber(final String command, final PrintStream out, final Analysis analysis) {
        this.command = command;
        this.out = out;
        this.analysis = analysis;
    }

    /**
     * Runs the {@code stats} role.
     *
     * @param command as typed.
     * @param args its options.
     * @param shutdown the stop flag.
     * @return the exit status.
     * @throws InterruptedException if interrupted while waiting for the topic.
     */
    static int stats(final String command, final String[] args, final Shutdown shutdown)
        throws InterruptedException {
        final Options options = options(command, "Subscribes to the sensors topic and keeps per-sensor statistics.",
            "stats");
        return run(command, options.parse(args), shutdown, o -> new SensorStats());
    }

    /**
     * Runs the {@code alerts} role.
     *
     * @param command as typed.
     * @param args its options.
     * @param shutdown the stop flag.
     * @return the exit status.
     * @throws InterruptedException if interrupted while waiting for the topic.
     */
    static int alerts(final String command, final String[] args, final Shutdown shutdown)
        throws InterruptedException {
        final Options options = options(command, "Subscribes to the sensors topic and reports readings above a " +
            "threshold.", "alerts")
            .add("threshold", "SENSORS_THRESHOLD", "30", "alert on readings above this temperature, in C")
            .add("quiet", "SENSORS_QUIET", "1s", "shortest time between two alert lines of one sensor");
        return run(command, options.parse(args), shutdown, o -> new Alerts(command, System.out,
            o.doubleValue("threshold", -1e9, 1e9), o.durationNs("quiet")));
    }

    private static Options options(final String command, final String summary, final String name) {
        return ChannelOptions.addTo(new Options(command, summary))
            .add("topic", "SENSORS_TOPIC", "sensors", "topic to subscribe to")
            .add("name", "SENSORS_NAME", name, "subscriber name shown by 'shimmy stat'")
            .add("runs", "SENSORS_RUNS", "0", "exit after this many publisher runs have ended; 0: until SIGTERM")
            .add("wait-timeout", "SENSORS_WAIT_TIMEOUT", "60s", "longest wait for the topic to appear")
            .add("report", "SENSORS_REPORT", "1s", "interval of the progress line; 0: summaries only");
    }

    private static int run(final String command, final Options options, final Shutdown shutdown,
        final Function<Options, Analysis> analysis) throws InterruptedException {
        if (options.helpRequested()) {
            System.out.print(options.usage());
            return 0;
        }
        final String topic = options.string("topic");
        final String name = options.string("name");
        final int runs = options.intValue("runs", 0, Integer.MAX_VALUE);
        final long waitTimeoutNs = options.durationNs("wait-timeout");
        final long reportNs = options.durationNs("report");
        final ShimmyContext context = ChannelOptions.context(options);
        final AnalyticsSubscriber subscriber = new AnalyticsSubscriber(command, System.out, analysis.apply(options));
        MemoryFileSystem.warnIfNotMemory(command, context.dir(), System.err);
        try (Shimmy shimmy = Shimmy.open(context);
             Subscription subscription = subscribe(command, shimmy, topic, name, waitTimeoutNs, shutdown)) {
            if (subscription == null) {
                return 0;
            }
            System.out.printf("%s: subscribed to topic '%s' in %s as '%s' (wait strategy %s)%n", command, topic,
                context.dir(), name, context.waitStrategy());
            System.out.flush();
            return subscriber.consume(context, subscription, runs, reportNs, shutdown);
        }
    }

    private static Subscription subscribe(final String command, final Shimmy shimmy, final String topic,
        final String name, final long timeoutNs, final Shutdown shutdown) throws InterruptedException {
        final long start = System.nanoTime();
        boolean told = false;
        while (!shutdown.requested()) {
            try {
                return shimmy.subscription(topic, new SubscriptionConfig().name(name));
            } catch (final ChannelNotFoundException notYet) {
                if (System.nanoTime() - start > timeoutNs) {
                    throw new ExampleException("topic '" + topic + "' did not appear in " + shimmy.context().dir() +
                        " within " + Formats.nanos(timeoutNs) + ": is the publisher running, and does it mount the " +
                        "same tmpfs as its channel directory?");
                }
                if (!told) {
                    System.out.printf("%s: waiting for topic '%s' in %s%n", command, topic, shimmy.context().dir());
                    System.out.flush();
                    told = true;
                }
                Thread.sleep(TOPIC_POLL_MS);
            }
        }
        return null;
    }

    private int consume(final ShimmyContext context, final Subscription subscription, final int runs,
        final long reportNs, final Shutdown shutdown) {
        final WaitStrategy wait = subscription.newWaitStrategy();
        final long start = System.nanoTime();
        long nextReport = start + (reportNs > 0 ? reportNs : Long.MAX_VALUE / 2);
        long reported = 0;
        long reportedAt = start;
        while (!shutdown.requested() && (runs == 0 || runsEnded < runs)) {
            final int polled = subscription.poll(handler, POLL_LIMIT);
            if (polled < 0) {
                throw new ExampleException("topic '" + subscription.topic() + "' " +
                    (polled == Subscription.CHANNEL_FAILED ? "was marked failed; see 'shimmy stat " +
                    subscription.topic() + "'" : "subscription closed"));
            }
            wait.idle(polled);
            final long now = System.nanoTime();
            if (now >= nextReport) {
                if (received == reported) {
                    out.printf("%s: no readings in the last %s (%,d received)%n", command,
                        Formats.nanos(now - reportedAt), received);
                } else {
                    out.printf("%s: %s readings/s  latency %s  (%,d received)%s%n", command,
                        Formats.perSecond(received - reported, now - reportedAt), Formats.percentiles(interval),
                        received, analysis.interval());
                }
                out.flush();
                total.add(interval);
                interval.reset();
                reported = received;
                reportedAt = now;
                nextReport = now + reportNs;
                if (inRun && !publisherAlive(context, subscription.topic())) {
                    drain(subscription);
                }
            }
        }
        total.add(interval);
        interval.reset();
        return summary(subscription, System.nanoTime() - start, shutdown.requested());
    }

    private void onMessage(final SharedBuffer buffer, final int offset, final int length) {
        final long receivedNs = System.nanoTime();
        if (length != SensorMessage.LENGTH) {
            malformed++;
            return;
        }
        final int type = buffer.getInt(offset + SensorMessage.TYPE_OFFSET);
        final long runId = buffer.getLong(offset + SensorMessage.RUN_OFFSET);
        final long sequence = buffer.getLong(offset + SensorMessage.SEQUENCE_OFFSET);
        if (type == SensorMessage.END) {
            endRun(runId, sequence);
            return;
        }
        if (type != SensorMessage.READING) {
            malformed++;
            return;
        }
        if (!inRun || runId != run) {
            startRun(runId, sequence);
        } else if (sequence != expected) {
            gap(sequence);
        }
        expected = sequence + 1;
        runReceived++;
        received++;
        interval.record(receivedNs - buffer.getLong(offset + SensorMessage.SENT_NS_OFFSET));
        analysis.reading(buffer.getInt(offset + SensorMessage.SENSOR_OFFSET),
            Double.longBitsToDouble(buffer.getLong(offset + SensorMessage.VALUE_OFFSET)), receivedNs);
    }

    private void startRun(final long runId, final long sequence) {
        if (inRun) {
            out.printf(Locale.ROOT, "%s: run %016x: ended without its end message after %,d readings " +
                "(publisher restarted?)%n", command, run, runReceived);
            runsEnded++;
        }
        run = runId;
        inRun = true;
        joinedAt = sequence;
        runReceived = 0;
        runMissing = 0;
        runDisordered = 0;
        out.printf(Locale.ROOT, "%s: run %016x: first reading received is #%,d%n", command, runId, sequence);
        out.flush();
    }

    private void gap(final long sequence) {
        if (sequence > expected) {
            runMissing += sequence - expected;
            missing += sequence - expected;
            out.printf(Locale.ROOT, "%s: run %016x: readings #%,d to #%,d are missing%n", command, run, expected,
                sequence - 1);
        } else {
            runDisordered++;
            disordered++;
            out.printf(Locale.ROOT, "%s: run %016x: reading #%,d came after #%,d%n", command, run, sequence,
                expected - 1);
        }
    }

    private void endRun(final long runId, final long count) {
        if (!inRun || runId != run) {
            out.printf(Locale.ROOT, "%s: run %016x: ended (%,d readings) before this subscriber saw any of them%n",
                command, runId, count);
        } else {
            if (runMissing == 0 && runDisordered == 0 && joinedAt == 0 && runReceived == count) {
                out.printf(Locale.ROOT, "%s: run %016x complete: all %,d readings received in order%n", command, run,
                    count);
            } else if (runMissing == 0 && runDisordered == 0 && expected == count) {
                out.printf(Locale.ROOT, "%s: run %016x ended: %,d readings received in order from #%,d (joined " +
                    "late)%n", command, run, runReceived, joinedAt);
            } else {
                out.printf(Locale.ROOT, "%s: run %016x ended INCOMPLETE: %,d of %,d readings received, %,d missing, " +
                    "%,d out of order%n", command, run, runReceived, count, count - joinedAt - runReceived,
                    runDisordered);
                missing += Math.max(0, count - expected);
            }
            inRun = false;
        }
        runsEnded++;
        out.flush();
    }

    private static boolean publisherAlive(final ShimmyContext context, final String topic) {
        try {
            return TopicStatus.read(context.dir(), topic).publishers().stream().anyMatch(TopicStatus.Party::alive);
        } catch (final ChannelNotFoundException removed) {
            throw new ExampleException("topic '" + topic + "' was removed from " + context.dir() + " while in use");
        }
    }

    /**
     * With no live publisher left, reads what it committed before it went (its end message, if it closed), then
     * ends a run that is still open: its publisher died (or stopped heartbeating for the liveness timeout).
     */
    private void drain(final Subscription subscription) {
        while (subscription.poll(handler, POLL_LIMIT) > 0) {
            Thread.onSpinWait();
        }
        if (inRun) {
            out.printf(Locale.ROOT, "%s: run %016x: its publisher is gone (no heartbeat for the liveness timeout) " +
                "after %,d readings, without an end message%n", command, run, runReceived);
            out.flush();
            inRun = false;
            runsEnded++;
        }
    }

    private int summary(final Subscription subscription, final long elapsedNs, final boolean stopped) {
        out.printf(Locale.ROOT, "%s: done: %,d readings in %s (%s readings/s), %d runs ended, %,d missing, %,d out " +
            "of order%s%n", command, received, Formats.nanos(elapsedNs), Formats.perSecond(received, elapsedNs),
            runsEnded, missing, disordered, stopped ? ", stopped by signal" : "");
        out.printf("%s: latency of all readings: %s%n", command, Formats.percentiles(total));
        analysis.summary(out, command);
        out.flush();
        final long lost = subscription.lostMessages();
        if (missing > 0 || disordered > 0 || lost > 0 || malformed > 0) {
            throw new ExampleException(String.format(Locale.ROOT, "%,d readings missing, %,d out of order, %,d " +
                "malformed, %,d counted lost by Shimmy: was this process paused longer than the liveness timeout " +
                "(and evicted)?", missing, disordered, malformed, lost));
        }
        return 0;
    }
}
