package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak: 4 publisher processes (a fixed rate each, mixed lengths up to 16 KiB) and 8 subscriber processes on one
 * reliable topic, 4 of them reading from the start and 4 joining and leaving every few seconds, for
 * {@code shimmy.soak.duration} (default 30 s; the documented run is 10 minutes). Every interval
 * ({@code shimmy.soak.interval}, default 5 s) it prints each process's rates, latency percentiles (send to receive)
 * and resident memory; memory and latency are printed to be compared across intervals, not asserted against
 * wall-clock targets. Asserted: no message torn, reordered, duplicated or missing for any subscriber while it was a
 * member, and the four from-the-start subscribers received every message every publisher published.
 */
@Timeout(value = 3, unit = TimeUnit.HOURS)
class SoakTest {
    private static final Duration DURATION = Duration.parse(System.getProperty("shimmy.soak.duration", "PT30S"));
    private static final Duration INTERVAL = Duration.parse(System.getProperty("shimmy.soak.interval", "PT5S"));
    private static final int RATE = Integer.getInteger("shimmy.soak.rate", 2000);
    private static final Duration START = Duration.ofSeconds(120);
    private static final String TOPIC = "soak";

    @TempDir
    Path dir;

    @Test
    void shouldLoseNothingAndStayStableWithPublishersAndSubscribersComingAndGoing() throws Exception {
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            shimmy.publication(TOPIC, new TopicConfig().capacity(1 << 20).maxMessageLength(16 * 1024)
                .maxPublishers(8).maxSubscribers(16)).close();
        }
        final Map<String, ChildJvm> children = new HashMap<>();
        try {
            final String interval = String.valueOf(INTERVAL.toMillis());
            for (int i = 1; i <= 4; i++) {
                children.put("sub-" + i, ChildJvm.start(SoakChild.class, "subscribe", dir.toString(), TOPIC,
                    interval));
                children.put("churn-" + i, ChildJvm.start(SoakChild.class, "churn", dir.toString(), TOPIC,
                    String.valueOf(i), interval));
            }
            for (final ChildJvm child : children.values()) {
                child.awaitLine("READY", START);
            }
            for (int i = 1; i <= 4; i++) {
                children.put("pub-" + i, ChildJvm.start(SoakChild.class, "publish", dir.toString(), TOPIC,
                    String.valueOf(i), String.valueOf(RATE), interval));
            }
            for (int i = 1; i <= 4; i++) {
                children.get("pub-" + i).awaitLine("READY", START);
            }
            System.out.println("soak: 4 publishers at " + RATE + " msgs/s each, 4 subscribers from the start, 4 " +
                "joining and leaving, for " + DURATION + ", sampled every " + INTERVAL);
            final long end = System.nanoTime() + DURATION.toNanos();
            int sample = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(INTERVAL.toMillis(), TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()) + 1));
                sample++;
                System.out.println("soak sample " + sample + ":");
                for (final String name : children.keySet().stream().sorted().toList()) {
                    final String stat = latest(children.get(name), "STAT");
                    System.out.println("  " + name + "  " + (stat == null ? "(no sample yet)" : stat));
                    assertThat(children.get(name).process().isAlive()).as(children.get(name).describe()).isTrue();
                }
            }
            Files.createFile(dir.resolve(".stop"));
            final Map<String, Long> published = new HashMap<>();
            for (int i = 1; i <= 4; i++) {
                final String done = children.get("pub-" + i).awaitLine("DONE", START);
                published.put("p" + i, Long.parseLong(done.substring("DONE published=".length())));
            }
            System.out.println("soak: published " + published);
            for (int i = 1; i <= 4; i++) {
                final ChildJvm subscriber = children.get("sub-" + i);
                final String done = subscriber.awaitLine("DONE", START);
                System.out.println("  sub-" + i + "  " + done);
                for (final Map.Entry<String, Long> entry : published.entrySet()) {
                    assertThat(done).as("every message of %s reached sub-%d", entry.getKey(), i)
                        .contains(" " + entry.getKey() + "=" + entry.getValue() + " ");
                }
                assertThat(done).contains("bad checksums 0, out of order 0, gaps 0");
            }
            for (int i = 1; i <= 4; i++) {
                System.out.println("  churn-" + i + "  " + children.get("churn-" + i).awaitLine("DONE", START));
            }
            for (final Map.Entry<String, ChildJvm> child : children.entrySet()) {
                assertThat(child.getValue().awaitExit(START)).as(child.getValue().describe()).isZero();
                assertThat(child.getValue().describe()).as(child.getKey()).doesNotContain("BAD");
            }
            final TopicStatus status = TopicStatus.read(dir, TOPIC);
            assertThat(status.failed()).isFalse();
            assertThat(status.lostMessages()).isZero();
            assertThat(status.inUse()).isFalse();
        } finally {
            final List<ChildJvm> all = new ArrayList<>(children.values());
            all.forEach(ChildJvm::close);
        }
    }

    private static String latest(final ChildJvm child, final String prefix) {
        String last = null;
        String line;
        while ((line = child.pollLine(prefix)) != null) {
            last = line;
        }
        return last;
    }
}
