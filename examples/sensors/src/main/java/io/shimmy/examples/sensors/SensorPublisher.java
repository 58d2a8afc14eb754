package io.shimmy.examples.sensors;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.examples.common.ChannelOptions;
import io.shimmy.examples.common.ExampleException;
import io.shimmy.examples.common.Formats;
import io.shimmy.examples.common.MemoryFileSystem;
import io.shimmy.examples.common.Options;
import io.shimmy.examples.common.Pacer;
import io.shimmy.examples.common.Shutdown;
import io.shimmy.topic.BufferClaim;
import io.shimmy.topic.Publication;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicStatus;
import io.shimmy.wait.BackoffWait;
import io.shimmy.wait.WaitStrategy;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code shimmy-sensors publish}: simulates sensors that report a temperature, round robin, at a steady total rate,
 * and publishes each reading with zero-copy {@code tryClaim}/{@code commit}. A run ends (after {@code --count}
 * readings, after {@code --duration}, or on SIGTERM) with an {@link SensorMessage#END} message carrying the count,
 * so that subscribers can check they received every reading of the run, in order.
 * <p>
 * The topic is reliable: a subscriber that falls a whole ring behind holds this publisher back (counted as
 * back-pressure) rather than missing readings, as long as its process is alive.
 */
final class SensorPublisher {
    private static final long END_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);
    private static final long STATUS_POLL_MS = 100;

    private final String command;
    private final PrintStream out;
    private final Shutdown shutdown;
    private final BufferClaim claim = new BufferClaim();
    private final WaitStrategy backPressureWait = new BackoffWait();
    private final SplittableRandom random;
    private final long run;
    private final int sensors;
    private long backPressured;

    private SensorPublisher(final String command, final PrintStream out, final Shutdown shutdown, final long run,
        final int sensors) {
        this.command = command;
        this.out = out;
        this.shutdown = shutdown;
        this.run = run;
        this.sensors = sensors;
        this.random = new SplittableRandom(run);
    }

    /**
     * Runs the role.
     *
     * @param command as typed.
     * @param args its options.
     * @param shutdown the stop flag.
     * @return the exit status.
     * @throws InterruptedException if interrupted while waiting for subscribers.
     */
    static int run(final String command, final String[] args, final Shutdown shutdown) throws InterruptedException {
        final Options options = ChannelOptions.addTo(new Options(command,
            "Publishes readings of simulated temperature sensors on a Shimmy topic."))
            .add("topic", "SENSORS_TOPIC", "sensors", "topic to publish on; created if missing")
            .add("sensors", "SENSORS_SENSORS", "8", "number of simulated sensors")
            .add("rate", "SENSORS_RATE", "10000", "readings per second, all sensors together; 0: as fast as possible")
            .add("count", "SENSORS_COUNT", "0", "readings to publish, then end the run; 0: no limit")
            .add("duration", "SENSORS_DURATION", "0", "publish this long, then end the run; 0: until SIGTERM")
            .add("subscribers", "SENSORS_SUBSCRIBERS", "0", "live subscribers to wait for before the first reading")
            .add("wait-timeout", "SENSORS_WAIT_TIMEOUT", "60s", "longest wait for those subscribers")
            .add("capacity", "SENSORS_CAPACITY", "1m", "ring capacity if this process creates the topic")
            .add("report", "SENSORS_REPORT", "1s", "interval of the progress line; 0: summary only")
            .parse(args);
        if (options.helpRequested()) {
            System.out.print(options.usage());
            return 0;
        }
        final String topic = options.string("topic");
        final int sensors = options.intValue("sensors", 1, 1 << 16);
        final double rate = options.doubleValue("rate", 0, 1e9);
        final long count = options.longValue("count", 0, Long.MAX_VALUE);
        final long durationNs = options.durationNs("duration");
        final int subscribers = options.intValue("subscribers", 0, TopicConfig.DEFAULT_MAX_SUBSCRIBERS);
        final long waitTimeoutNs = options.durationNs("wait-timeout");
        final int capacity = (int)options.sizeBytes("capacity", 4096, 1 << 30);
        final long reportNs = options.durationNs("report");
        final ShimmyContext context = ChannelOptions.context(options);
        final TopicConfig config = new TopicConfig().capacity(capacity).maxMessageLength(SensorMessage.LENGTH);

        MemoryFileSystem.warnIfNotMemory(command, context.dir(), System.err);
        final long run = new SplittableRandom().nextLong() & Long.MAX_VALUE;
        final SensorPublisher publisher = new SensorPublisher(command, System.out, shutdown, run, sensors);
        try (Shimmy shimmy = Shimmy.open(context);
             Publication publication = shimmy.publication(topic, config)) {
            publisher.out.printf(Locale.ROOT, "%s: topic '%s' in %s (ring %s, files mode %s), run %016x: " +
                "%d sensors at %s%n",
                command, topic, context.dir(), Formats.bytes(capacity), context.mode(), run, sensors,
                rate == 0 ? "full speed" : String.format(Locale.ROOT, "%,.0f readings/s", rate));
            if (!publisher.awaitSubscribers(context, topic, subscribers, waitTimeoutNs)) {
                return 0;
            }
            return publisher.publish(publication, new Pacer(rate), count, durationNs, reportNs);
        }
    }

    private boolean awaitSubscribers(final ShimmyContext context, final String topic, final int wanted,
        final long timeoutNs) throws InterruptedException {
        final long start = System.nanoTime();
        int reported = -1;
        while (wanted > 0) {
            final int alive = joinedSubscribers(context, topic);
            if (alive >= wanted) {
                out.printf("%s: %d subscribers are live: publishing%n", command, alive);
                break;
            }
            if (alive != reported) {
                out.printf("%s: waiting for %d live subscribers (%d so far)%n", command, wanted, alive);
                reported = alive;
            }
            if (shutdown.requested()) {
                out.printf("%s: stopped before any subscriber came%n", command);
                return false;
            }
            if (System.nanoTime() - start > timeoutNs) {
                throw new ExampleException("only " + alive + " of " + wanted + " subscribers joined topic '" + topic +
                    "' in " + context.dir() + " within " + Formats.nanos(timeoutNs) + ": are they running, and do " +
                    "they mount the same tmpfs as their channel directory?");
            }
            Thread.sleep(STATUS_POLL_MS);
        }
        out.flush();
        return true;
    }

    /**
     * Counts the live subscribers that have finished joining ({@link TopicStatus.Party#joined()}): each has announced
     * the position it reads from, so a subscriber starting at the latest position gets the first reading. One that
     * has only taken its slot is not counted yet.
     */
    private static int joinedSubscribers(final ShimmyContext context, final String topic) {
        try {
            return (int)TopicStatus.read(context.dir(), topic).subscribers().stream()
                .filter(party -> party.alive() && party.joined()).count();
        } catch (final ChannelNotFoundException gone) {
            throw new ExampleException("topic '" + topic + "' disappeared from " + context.dir() +
                " while waiting for subscribers: did someone run 'shimmy clean' or remove it?");
        }
    }

    private int publish(final Publication publication, final Pacer pacer, final long count, final long durationNs,
        final long reportNs) {
        final long start = System.nanoTime();
        long nextReport = start + reportNs;
        long reported = 0;
        long reportedAt = start;
        long sequence = 0;
        while (!shutdown.requested() && (count == 0 || sequence < count)) {
            if (!pacer.await(shutdown::requested)) {
                break;
            }
            final long now = System.nanoTime();
            if (durationNs > 0 && now - start >= durationNs) {
                break;
            }
            final int sensor = (int)(sequence % sensors);
            if (!offer(publication, SensorMessage.READING, sensor, sequence, value(sensor, now - start), 0)) {
                break;
            }
            sequence++;
            if (reportNs > 0 && now >= nextReport) {
                out.printf("%s: %s readings/s (%,d published, back-pressured %,d times)%n", command,
                    Formats.perSecond(sequence - reported, now - reportedAt), sequence, backPressured);
                out.flush();
                reported = sequence;
                reportedAt = now;
                nextReport = now + reportNs;
            }
        }
        final long elapsed = System.nanoTime() - start;
        final boolean ended = offer(publication, SensorMessage.END, 0, sequence, 0.0, END_TIMEOUT_NS);
        out.printf("%s: done: %,d readings of %d sensors in %s (%s readings/s), run %016x, " +
            "back-pressured %,d times%s%n",
            command, sequence, sensors, Formats.nanos(elapsed), Formats.perSecond(sequence, elapsed), run,
            backPressured, shutdown.requested() ? ", stopped by signal" : "");
        out.flush();
        if (!ended) {
            throw new ExampleException("could not publish the end of run " + Long.toHexString(run) + " within " +
                Formats.nanos(END_TIMEOUT_NS) + ": a live subscriber is a whole ring behind and not reading");
        }
        return 0;
    }

    /**
     * Publishes one message, waiting while back-pressured: until it is published, or, for a reading, until a stop
     * is requested; for the end of a run, at most {@code endTimeoutNs}.
     */
    private boolean offer(final Publication publication, final int type, final int sensor, final long sequence,
        final double value, final long endTimeoutNs) {
        final long sentNs = System.nanoTime();
        backPressureWait.reset();
        long result;
        while ((result = publication.tryClaim(SensorMessage.LENGTH, claim)) < 0) {
            if (result != Publication.BACK_PRESSURED) {
                throw new ExampleException("publishing on topic '" + publication.topic() + "' failed with code " +
                    result + (result == Publication.CLOSED ? " (closed)" : ""));
            }
            backPressured++;
            if (type == SensorMessage.READING ? shutdown.requested() : System.nanoTime() - sentNs > endTimeoutNs) {
                return false;
            }
            backPressureWait.idle(0);
        }
        final int at = claim.offset();
        claim.buffer().putInt(at + SensorMessage.TYPE_OFFSET, type);
        claim.buffer().putInt(at + SensorMessage.SENSOR_OFFSET, sensor);
        claim.buffer().putLong(at + SensorMessage.RUN_OFFSET, run);
        claim.buffer().putLong(at + SensorMessage.SEQUENCE_OFFSET, sequence);
        claim.buffer().putLong(at + SensorMessage.SENT_NS_OFFSET, sentNs);
        claim.buffer().putLong(at + SensorMessage.VALUE_OFFSET, Double.doubleToRawLongBits(value));
        if (claim.commit() == Publication.CLAIM_RECLAIMED) {
            throw new ExampleException("a reading was reclaimed by the subscribers: this process was paused longer " +
                "than the topic's unblock timeout between claim and commit");
        }
        return true;
    }

    /**
     * A temperature: each sensor has its own level and a slow swing, plus noise; about one reading in 5,000 is a
     * spike of 15 degrees, for the alerts subscriber to find.
     */
    private double value(final int sensor, final long elapsedNs) {
        final double swing = 4.0 * Math.sin(elapsedNs / 1e9 / 60.0 * 2 * Math.PI + sensor);
        final double spike = random.nextInt(5000) == 0 ? 15.0 : 0.0;
        return 18.0 + (sensor % 8) + swing + (random.nextDouble() - 0.5) + spike;
    }
}
