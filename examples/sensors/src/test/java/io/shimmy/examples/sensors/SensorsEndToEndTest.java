package io.shimmy.examples.sensors;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.examples.common.ExampleProcess;
import io.shimmy.examples.common.ShmDirectory;
import io.shimmy.topic.BufferClaim;
import io.shimmy.topic.Publication;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicStatus;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sensors example's roles as separate processes on one channel directory (run-containers.sh runs them as
 * containers; this runs everywhere, also where namespaces are not permitted).
 */
class SensorsEndToEndTest {
    private static final Pattern DONE = Pattern.compile("done: ([0-9,]+) readings of 8 sensors .* run ([0-9a-f]{16})");

    @Test
    void shouldDeliverEveryReadingInOrderToBothSubscribers() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             ExampleProcess stats = role("stats", dir, "--runs", "1");
             ExampleProcess alerts = role("alerts", dir, "--runs", "1", "--threshold", "25");
             ExampleProcess publish = role("publish", dir, "--subscribers", "2", "--count", "20000", "--rate",
                 "0")) {
            assertThat(publish.awaitExit()).as(publish.output()).isZero();
            final Matcher done = DONE.matcher(publish.awaitLine(line -> DONE.matcher(line).find()));
            assertThat(done.find()).isTrue();
            assertThat(done.group(1)).isEqualTo("20,000");
            for (final ExampleProcess subscriber : new ExampleProcess[] {stats, alerts}) {
                assertThat(subscriber.awaitExit()).as(subscriber.output()).isZero();
                assertThat(subscriber.output())
                    .contains("run " + done.group(2) + " complete: all 20,000 readings received in order")
                    .contains("0 missing, 0 out of order")
                    .contains("latency of all readings: p50 ");
            }
            assertThat(stats.output()).contains("sensor 7: 2,500 readings");
            assertThat(alerts.output()).contains("ALERT sensor 7 read");
        }
    }

    @Test
    void shouldEndTheRunAndExitZeroOnSigterm() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             ExampleProcess stats = role("stats", dir, "--runs", "1");
             ExampleProcess publish = role("publish", dir, "--subscribers", "1", "--rate", "5000")) {
            publish.awaitLine(line -> line.contains("readings/s ("));
            publish.terminate();
            assertThat(publish.awaitExit()).as(publish.output()).isZero();
            final String done = publish.awaitLine(line -> line.contains("done:"));
            assertThat(done).contains("stopped by signal");
            final Matcher matcher = DONE.matcher(done);
            assertThat(matcher.find()).isTrue();
            assertThat(stats.awaitExit()).as(stats.output()).isZero();
            assertThat(stats.output()).contains("all " + matcher.group(1) + " readings received in order");
        }
    }

    @Test
    void shouldReleaseItsSlotAndExitZeroWhenStoppedWhileWaiting() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             ExampleProcess publish = role("publish", dir, "--subscribers", "1", "--rate", "100");
             ExampleProcess stats = role("stats", dir)) {
            publish.awaitLine(line -> line.contains("readings/s ("));
            stats.terminate();
            assertThat(stats.awaitExit()).as(stats.output()).isZero();
            assertThat(stats.output()).contains("stopped by signal");
            assertThat(TopicStatus.read(dir.path(), "sensors").subscribers()).noneMatch(TopicStatus.Party::alive);
        }
    }

    @Test
    void shouldReportMissingReadingsAndExitOne() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir.path()));
             Publication publication = shimmy.publication("sensors",
                 new TopicConfig().maxMessageLength(SensorMessage.LENGTH));
             ExampleProcess stats = role("stats", dir, "--runs", "1")) {
            stats.awaitLine(line -> line.contains("subscribed to topic"));
            final BufferClaim claim = new BufferClaim();
            for (final long sequence : new long[] {0, 1, 2, 5, 6}) {
                publish(publication, claim, SensorMessage.READING, sequence);
            }
            publish(publication, claim, SensorMessage.END, 7);
            assertThat(stats.awaitExit()).as(stats.output()).isEqualTo(1);
            assertThat(stats.output())
                .contains("readings #3 to #4 are missing")
                .contains("ended INCOMPLETE: 5 of 7 readings received, 2 missing")
                .contains("shimmy-sensors stats: 2 readings missing, 0 out of order");
        }
    }

    @Test
    void shouldRefuseABadOptionInOneLineWithStatusTwo() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             ExampleProcess publish = role("publish", dir, "--rate", "fast")) {
            assertThat(publish.awaitExit()).isEqualTo(2);
            assertThat(publish.lines()).containsExactly("shimmy-sensors publish: --rate 'fast' is not a number");
        }
    }

    @Test
    void shouldRefuseAnIncompatibleTopicInOneLineWithStatusOne() throws Exception {
        try (ShmDirectory dir = new ShmDirectory();
             Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir.path()));
             Publication existing = shimmy.publication("sensors", new TopicConfig().capacity(1 << 16));
             ExampleProcess publish = role("publish", dir, "--capacity", "1m")) {
            assertThat(existing.isClosed()).isFalse();
            assertThat(publish.awaitExit()).isEqualTo(1);
            assertThat(publish.lines()).hasSize(1);
            assertThat(publish.lines().get(0)).startsWith("shimmy-sensors publish: ").contains("capacity");
        }
    }

    private static void publish(final Publication publication, final BufferClaim claim, final int type,
        final long sequence) {
        while (publication.tryClaim(SensorMessage.LENGTH, claim) < 0) {
            Thread.onSpinWait();
        }
        claim.buffer().putInt(claim.offset() + SensorMessage.TYPE_OFFSET, type);
        claim.buffer().putInt(claim.offset() + SensorMessage.SENSOR_OFFSET, 0);
        claim.buffer().putLong(claim.offset() + SensorMessage.RUN_OFFSET, 0x1234);
        claim.buffer().putLong(claim.offset() + SensorMessage.SEQUENCE_OFFSET, sequence);
        claim.buffer().putLong(claim.offset() + SensorMessage.SENT_NS_OFFSET, System.nanoTime());
        claim.buffer().putLong(claim.offset() + SensorMessage.VALUE_OFFSET, Double.doubleToRawLongBits(20.0));
        claim.commit();
    }

    private static ExampleProcess role(final String role, final ShmDirectory dir, final String... args) {
        return ExampleProcess.role(SensorsMain.class, role, dir, args);
    }

}
