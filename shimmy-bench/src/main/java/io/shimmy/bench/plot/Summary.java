package io.shimmy.bench.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code summary.md} from a results directory: the tables of {@code docs/benchmarks.md} (latency with its
 * ratios to the floor and to the peers, throughput, fan-out, waiting, JMH) and each of Shimmy's targets (issues 3
 * and 5) as met or missed, computed from the figures of the run, so that a rerun regenerates the verdicts too.
 */
final class Summary {
    private static final String TOPIC = "shimmy-topic";
    private static final String FLOOR = "shm-floor";
    private static final String STREAM = "shimmy-stream";

    private final Path dir;
    private final StringBuilder out = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();

    private Summary(final Path dir) {
        this.dir = dir;
    }

    /**
     * Writes the summary of a results directory.
     *
     * @param dir holding {@code latency.csv} and the other results.
     * @throws IOException if a file cannot be read or written.
     */
    static void write(final Path dir) throws IOException {
        final Summary summary = new Summary(dir);
        summary.latency();
        summary.throughput();
        summary.fanout();
        summary.bandwidth();
        summary.idle();
        summary.jmh();
        summary.targets();
        Files.writeString(dir.resolve("summary.md"), summary.out, StandardCharsets.UTF_8);
    }

    private List<Map<String, String>> csv(final String name) throws IOException {
        final Path file = dir.resolve(name);
        final List<Map<String, String>> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        final String[] header = lines.get(0).replace("\"", "").split(",");
        for (final String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            final String[] fields = line.replace("\"", "").split(",", -1);
            final Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < fields.length; i++) {
                row.put(header[i], fields[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    private static String label(final Map<String, String> row) {
        return "spin".equals(row.get("wait")) ? row.get("transport") : row.get("transport") + "-" + row.get("wait");
    }

    private static double number(final Map<String, String> row, final String column) {
        return Double.parseDouble(row.get(column));
    }

    private void latency() throws IOException {
        final List<Map<String, String>> rows = csv("latency.csv");
        if (rows.isEmpty()) {
            return;
        }
        final Map<String, Map<String, String>> byLabel = new LinkedHashMap<>();
        for (final Map<String, String> row : rows) {
            byLabel.put(label(row), row);
        }
        final Map<String, String> floor = byLabel.get(FLOOR);
        final Map<String, String> topic = byLabel.get(TOPIC);
        out.append("### Round trips (busy spin unless the name says otherwise)\n\n");
        out.append("| transport | size | p50 | p99 | p99.9 | max | p50 / floor | p99 / floor | ")
            .append("shimmy-topic p50 / this p50 | page faults |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final Map.Entry<String, Map<String, String>> entry : byLabel.entrySet()) {
            final Map<String, String> row = entry.getValue();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                entry.getKey(), row.get("size"), ns(number(row, "p50_ns")), ns(number(row, "p99_ns")),
                ns(number(row, "p999_ns")), ns(number(row, "max_ns")),
                floor == null ? "" : ratio(number(row, "p50_ns") / number(floor, "p50_ns")),
                floor == null ? "" : ratio(number(row, "p99_ns") / number(floor, "p99_ns")),
                topic == null ? "" : ratio(number(topic, "p50_ns") / number(row, "p50_ns")),
                row.getOrDefault("minor_faults", "")));
        }
        out.append("\nPage faults: minor faults that the ping and the pong process took during the timed round ")
            .append("trips, JVM background (JIT, GC) included.\n\n");
        if (topic != null && floor != null) {
            target("topic round-trip p50 at most 1.3x the floor's", number(topic, "p50_ns") / number(floor, "p50_ns"),
                1.3, true);
            target("topic round-trip p99 at most 1.5x the floor's p99",
                number(topic, "p99_ns") / number(floor, "p99_ns"), 1.5, true);
        }
        for (final String peer : new String[] {"aeron-ipc-pretouch", "aeron-ipc"}) {
            if (topic != null && byLabel.containsKey(peer)) {
                target("topic p50 at most 0.85x " + peer + "'s p50",
                    number(topic, "p50_ns") / number(byLabel.get(peer), "p50_ns"), 0.85, true);
            }
        }
        for (final String uds : new String[] {"uds", "uds-block"}) {
            if (topic != null && byLabel.containsKey(uds)) {
                target("topic p50 at least 100x better than " + uds + "'s",
                    number(byLabel.get(uds), "p50_ns") / number(topic, "p50_ns"), 100, false);
            }
        }
        final Map<String, String> block = byLabel.get(TOPIC + "-block");
        final Map<String, String> udsBlock = byLabel.get("uds-block");
        if (block != null && udsBlock != null) {
            target("block wake-up round trip (p50) no slower than a blocking uds round trip",
                number(block, "p50_ns") / number(udsBlock, "p50_ns"), 1.0, true);
        }
    }

    private void throughput() throws IOException {
        final List<Map<String, String>> rows = csv("throughput.csv");
        if (rows.isEmpty()) {
            return;
        }
        final Map<String, Map<String, Double>> byLabel = new LinkedHashMap<>();
        final List<String> sizes = new ArrayList<>();
        for (final Map<String, String> row : rows) {
            byLabel.computeIfAbsent(label(row), k -> new LinkedHashMap<>()).put(row.get("size"),
                number(row, "msgs_per_s"));
            if (!sizes.contains(row.get("size"))) {
                sizes.add(row.get("size"));
            }
        }
        out.append("### One-way throughput, one subscriber (messages per second; in brackets: ")
            .append("shimmy-topic / this)\n\n");
        out.append("| transport |");
        for (final String size : sizes) {
            out.append(' ').append(size).append(" B |");
        }
        out.append("\n|---|");
        out.append("---:|".repeat(sizes.size())).append('\n');
        final Map<String, Double> topic = byLabel.get(TOPIC);
        for (final Map.Entry<String, Map<String, Double>> entry : byLabel.entrySet()) {
            out.append("| ").append(entry.getKey()).append(" |");
            for (final String size : sizes) {
                final Double rate = entry.getValue().get(size);
                out.append(' ').append(rate == null ? "" : rate(rate));
                if (rate != null && topic != null && topic.get(size) != null && !entry.getKey().equals(TOPIC)) {
                    out.append(" (").append(ratio(topic.get(size) / rate)).append(')');
                }
                out.append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
        for (final String peer : new String[] {"aeron-ipc-pretouch", "aeron-ipc"}) {
            if (topic != null && byLabel.containsKey(peer) && topic.get("32") != null &&
                byLabel.get(peer).get("32") != null) {
                target("one-way throughput of 32 B messages at least " + peer + "'s",
                    topic.get("32") / byLabel.get(peer).get("32"), 1.0, false);
            }
        }
    }

    private void bandwidth() throws IOException {
        final List<Map<String, String>> rows = csv("bandwidth.csv");
        if (rows.isEmpty()) {
            return;
        }
        final Map<String, Double> bytesPerSecond = new LinkedHashMap<>();
        for (final Map<String, String> row : rows) {
            bytesPerSecond.put(label(row), number(row, "msgs_per_s") * number(row, "size"));
        }
        final Double stream = bytesPerSecond.get(STREAM);
        out.append("### Byte-stream bandwidth, 64 KiB writes, one way (in brackets: shimmy-stream / this)\n\n");
        out.append("| transport | GB/s |\n|---|---:|\n");
        for (final Map.Entry<String, Double> entry : bytesPerSecond.entrySet()) {
            out.append(String.format(Locale.ROOT, "| %s | %.2f", entry.getKey(), entry.getValue() / 1e9));
            if (stream != null && !entry.getKey().equals(STREAM)) {
                out.append(" (").append(ratio(stream / entry.getValue())).append(')');
            }
            out.append(" |\n");
        }
        out.append('\n');
        if (stream != null && bytesPerSecond.containsKey("uds")) {
            target("stream bandwidth of 64 KiB writes at least 5x a Unix domain socket's",
                stream / bytesPerSecond.get("uds"), 5.0, false);
        }
    }

    private void fanout() throws IOException {
        final List<Map<String, String>> rows = csv("fanout.csv");
        if (rows.isEmpty()) {
            return;
        }
        final Map<String, Map<String, Double>> byTransport = new LinkedHashMap<>();
        final List<String> counts = new ArrayList<>();
        String wait = "";
        for (final Map<String, String> row : rows) {
            byTransport.computeIfAbsent(row.get("transport"), k -> new LinkedHashMap<>())
                .put(row.get("subscribers"), number(row, "ns_per_msg"));
            if (!counts.contains(row.get("subscribers"))) {
                counts.add(row.get("subscribers"));
            }
            wait = row.get("wait");
        }
        out.append("### Fan-out, 32 B, wait ").append(wait)
            .append(" (ns per message delivered to every subscriber; last column: most subscribers / one)\n\n");
        out.append("| transport |");
        for (final String count : counts) {
            out.append(' ').append(count).append(count.equals("1") ? " subscriber |" : " subscribers |");
        }
        out.append(" growth |\n|---|").append("---:|".repeat(counts.size() + 1)).append('\n');
        for (final Map.Entry<String, Map<String, Double>> entry : byTransport.entrySet()) {
            out.append("| ").append(entry.getKey()).append(" |");
            for (final String count : counts) {
                final Double ns = entry.getValue().get(count);
                out.append(' ').append(ns == null ? "" : ns(ns)).append(" |");
            }
            final Double first = entry.getValue().get(counts.get(0));
            final Double last = entry.getValue().get(counts.get(counts.size() - 1));
            out.append(' ').append(first == null || last == null ? "" : ratio(last / first)).append(" |\n");
        }
        out.append('\n');
        final Map<String, Double> topic = byTransport.get(TOPIC);
        final Map<String, Double> uds = byTransport.get("uds");
        if (topic != null && uds != null && counts.size() > 1) {
            final String most = counts.get(counts.size() - 1);
            final double topicGrowth = topic.get(most) / topic.get(counts.get(0));
            final double udsGrowth = uds.get(most) / uds.get(counts.get(0));
            target("cost per message grows less with subscribers than uds's (growth to " + most + " subscribers: " +
                ratio(topicGrowth) + " against " + ratio(udsGrowth) + ")", topicGrowth / udsGrowth, 1.0, true);
        }
    }

    private void idle() throws IOException {
        final List<Map<String, String>> rows = csv("idle.csv");
        if (rows.isEmpty()) {
            return;
        }
        out.append("### Idle CPU of a subscriber process waiting for messages that do not come\n\n");
        out.append("| transport | wait | CPU (share of one core) |\n|---|---|---:|\n");
        for (final Map<String, String> row : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f%% |\n", row.get("transport"), row.get("wait"),
                number(row, "core_percent")));
            if (TOPIC.equals(row.get("transport")) && "block".equals(row.get("wait"))) {
                percentTarget("idle CPU of a blocked subscriber, share of one core", number(row, "core_percent"),
                    1.0);
            }
        }
        out.append('\n');
    }

    private void jmh() throws IOException {
        jmh("jmh.csv", "JMH, one thread");
        jmh("jmh-peers.csv", "JMH, one thread, Shimmy and Agrona in the same run");
    }

    private void jmh(final String file, final String title) throws IOException {
        final List<Map<String, String>> rows = csv(file);
        if (rows.isEmpty()) {
            return;
        }
        out.append("### ").append(title)
            .append(" (average time per operation, 99.9% error, allocation per operation)\n\n");
        out.append("| benchmark | params | ns/op | error | B/op |\n|---|---|---:|---:|---:|\n");
        final Map<String, Double> scores = new LinkedHashMap<>();
        for (final Map<String, String> row : rows) {
            final String name = row.get("Benchmark").replace("io.shimmy.bench.jmh.", "");
            if (name.contains(":")) {
                continue;
            }
            final StringBuilder params = new StringBuilder();
            for (final Map.Entry<String, String> cell : row.entrySet()) {
                if (cell.getKey().startsWith("Param: ") && !cell.getValue().isEmpty()) {
                    params.append(params.length() == 0 ? "" : ", ").append(cell.getKey().substring(7)).append('=')
                        .append(cell.getValue());
                }
            }
            String alloc = "";
            for (final Map<String, String> other : rows) {
                if (other.get("Benchmark").equals(row.get("Benchmark") + ":gc.alloc.rate.norm") &&
                    other.entrySet().stream().filter(c -> c.getKey().startsWith("Param: "))
                        .allMatch(c -> c.getValue().equals(row.get(c.getKey())))) {
                    alloc = String.format(Locale.ROOT, "%.3f", number(other, "Score"));
                }
            }
            out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s |\n", name, params,
                number(row, "Score"), number(row, "Score Error (99.9%)"), alloc));
            scores.put(name, number(row, "Score"));
        }
        out.append('\n');
        final Double with = scores.get("WakeupCostBenchmark.offer");
        final Double without = scores.get("WakeupCostBenchmark.offerWithoutWakeups");
        if (with != null && without != null) {
            target("offer with wake-up support within 5% of offer without it (with / without)", with / without, 1.05,
                true);
        }
        final Double pairWith = scores.get("WakeupCostBenchmark.offerPoll");
        final Double pairWithout = scores.get("WakeupCostBenchmark.offerPollWithoutWakeups");
        if (pairWith != null && pairWithout != null) {
            target("offer+poll with wake-up support within 5% of it without (with / without)",
                pairWith / pairWithout, 1.05, true);
        }
    }

    private void target(final String what, final double value, final double limit, final boolean atMost) {
        final boolean met = atMost ? value <= limit : value >= limit;
        targets.add(new String[] {what, ratio(value), (atMost ? "<= " : ">= ") + ratio(limit), met ? "met" : "missed"});
    }

    private void percentTarget(final String what, final double percent, final double limit) {
        targets.add(new String[] {what, String.format(Locale.ROOT, "%.2f%%", percent),
            String.format(Locale.ROOT, "< %.0f%%", limit), percent < limit ? "met" : "missed"});
    }

    private void targets() {
        if (targets.isEmpty()) {
            return;
        }
        out.append("### Targets (issues 3 and 5), judged on this run\n\n");
        out.append("| target | measured | required | verdict |\n|---|---:|---:|---|\n");
        for (final String[] target : targets) {
            out.append("| ").append(String.join(" | ", target)).append(" |\n");
        }
        out.append('\n');
    }

    private static String ns(final double ns) {
        if (ns >= 1e6) {
            return String.format(Locale.ROOT, "%.1f ms", ns / 1e6);
        }
        if (ns >= 1e4) {
            return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ns", ns);
    }

    private static String rate(final double perSecond) {
        return perSecond >= 1e6 ? String.format(Locale.ROOT, "%.2f M", perSecond / 1e6) :
            String.format(Locale.ROOT, "%.0f k", perSecond / 1e3);
    }

    private static String ratio(final double ratio) {
        return ratio >= 10 ? String.format(Locale.ROOT, "%.0fx", ratio) : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
