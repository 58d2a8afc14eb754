package io.shimmy.bench.plot;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Draws the benchmark charts from a results directory (what {@code io.shimmy.bench.harness.Bench} writes):
 * <ul>
 * <li>{@code latency.png}: round-trip latency by percentile, one curve per {@code hgrm/*.hgrm} file;</li>
 * <li>{@code throughput.png}: one-way messages per second from {@code throughput.csv}, grouped by size;</li>
 * <li>{@code fanout.png}: nanoseconds per published message against the number of subscribers, from
 * {@code fanout.csv};</li>
 * <li>{@code summary.md}: the tables and the targets' verdicts (see {@link Summary}).</li>
 * </ul>
 * Usage: {@code java -cp shimmy-bench/target/benchmarks.jar io.shimmy.bench.plot.Plots docs/bench}. Runs headless.
 */
public final class Plots {
    private static final Map<String, Color> COLORS = new LinkedHashMap<>();

    static {
        COLORS.put("shm-floor", new Color(0x22, 0x22, 0x22));
        COLORS.put("shimmy-topic", new Color(0x1F, 0x5F, 0xD6));
        COLORS.put("shimmy-stream", new Color(0x00, 0x9E, 0x9E));
        COLORS.put("agrona", new Color(0x2C, 0xA0, 0x2C));
        COLORS.put("aeron-ipc", new Color(0x9A, 0x6A, 0xD6));
        COLORS.put("aeron-ipc-pretouch", new Color(0x5B, 0x2A, 0x96));
        COLORS.put("chronicle", new Color(0x8C, 0x56, 0x4B));
        COLORS.put("uds", new Color(0xFF, 0x8C, 0x1A));
        COLORS.put("tcp", new Color(0xD6, 0x27, 0x28));
    }

    private Plots() {
    }

    /**
     * Draws every chart whose input exists.
     *
     * @param args the results directory (default {@code docs/bench}).
     * @throws IOException if a file cannot be read or written.
     */
    public static void main(final String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        final Path dir = Path.of(args.length > 0 ? args[0] : "docs/bench");
        if (Files.isDirectory(dir.resolve("hgrm"))) {
            latency(dir);
        }
        if (Files.exists(dir.resolve("throughput.csv"))) {
            throughput(dir);
        }
        if (Files.exists(dir.resolve("fanout.csv"))) {
            fanout(dir);
        }
        Summary.write(dir);
    }

    private static void latency(final Path dir) throws IOException {
        final Map<String, double[][]> curves = new TreeMap<>((a, b) -> order(a) != order(b) ?
            Integer.compare(order(a), order(b)) : a.compareTo(b));
        try (Stream<Path> files = Files.list(dir.resolve("hgrm"))) {
            for (final Path file : files.filter(f -> f.toString().endsWith(".hgrm")).toList()) {
                final String name = file.getFileName().toString().replace(".hgrm", "");
                curves.put(name, readHgrm(file));
            }
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (final double[][] curve : curves.values()) {
            for (final double value : curve[1]) {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
        }
        final Chart chart = new Chart("Round-trip latency by percentile (lower is better)", 1, 1e6, true, min, max);
        chart.yAxis("round trip", Chart::nanos);
        final String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%", "99.9999%"};
        for (int i = 0; i < labels.length; i++) {
            chart.xTick(Math.pow(10, i), labels[i]);
        }
        chart.xTitle("percentile");
        for (final Map.Entry<String, double[][]> curve : curves.entrySet()) {
            final double[][] points = curve.getValue();
            final String name = curve.getKey();
            chart.line(points[0], points[1], color(name), name.contains("-block"));
            chart.legend(name, "p50 " + Chart.nanos(valueAt(points, 2)) + ", p99 " + Chart.nanos(valueAt(points, 100)),
                color(name), name.contains("-block"));
        }
        chart.note("Each curve: every timed round trip of one run (HdrHistogram). Dashed: blocking waits. " +
            "Curve names: transport-wait-size.");
        chart.write(dir.resolve("latency.png"));
    }

    private static double[][] readHgrm(final Path file) throws IOException {
        final List<Double> xs = new ArrayList<>();
        final List<Double> ys = new ArrayList<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            final String[] fields = line.trim().split("\\s+");
            if (fields.length != 4 || line.startsWith("#") || !Character.isDigit(fields[0].charAt(0))) {
                continue;
            }
            final double percentile = Double.parseDouble(fields[1]);
            if (percentile >= 1.0) {
                continue;
            }
            xs.add(1 / (1 - percentile));
            ys.add(Double.parseDouble(fields[0]));
        }
        final double[][] points = new double[2][xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            points[0][i] = xs.get(i);
            points[1][i] = ys.get(i);
        }
        return points;
    }

    private static double valueAt(final double[][] points, final double x) {
        for (int i = 0; i < points[0].length; i++) {
            if (points[0][i] >= x) {
                return points[1][i];
            }
        }
        return points[1][points[1].length - 1];
    }

    private static void throughput(final Path dir) throws IOException {
        final List<String[]> rows = readCsv(dir.resolve("throughput.csv"));
        final Map<String, Map<String, Double>> bySize = new LinkedHashMap<>();
        double max = 0;
        for (final String[] row : rows) {
            final String label = row[3].equals("spin") ? row[0] : row[0] + "-" + row[3];
            final double rate = Double.parseDouble(row[6]);
            bySize.computeIfAbsent(row[1], k -> new LinkedHashMap<>()).put(label, rate);
            max = Math.max(max, rate);
        }
        final Chart chart = new Chart("One-way throughput, one subscriber (higher is better)", 0, bySize.size(),
            false, 1e4, max * 2);
        chart.yAxis("messages per second", Plots::rate);
        int group = 0;
        final Map<String, Color> seen = new LinkedHashMap<>();
        for (final Map.Entry<String, Map<String, Double>> size : bySize.entrySet()) {
            final int left = chart.x(group) + 20;
            final int width = (chart.x(group + 1) - chart.x(group) - 40) / Math.max(1, size.getValue().size());
            int i = 0;
            for (final Map.Entry<String, Double> bar : size.getValue().entrySet()) {
                chart.bar(left + i * width, width - 4, bar.getValue(), color(bar.getKey()), rate(bar.getValue()));
                seen.putIfAbsent(bar.getKey(), color(bar.getKey()));
                i++;
            }
            chart.xLabel((chart.x(group) + chart.x(group + 1)) / 2, size.getKey() + " B messages");
            group++;
        }
        for (final Map.Entry<String, Color> entry : seen.entrySet()) {
            chart.legend(entry.getKey(), "", entry.getValue(), false);
        }
        chart.xTitle("message size");
        chart.note("Messages per second that reached the subscriber, every one checked; one write per message.");
        chart.write(dir.resolve("throughput.png"));
    }

    private static void fanout(final Path dir) throws IOException {
        final List<String[]> rows = readCsv(dir.resolve("fanout.csv"));
        final Map<String, List<double[]>> byTransport = new LinkedHashMap<>();
        double min = Double.MAX_VALUE;
        double max = 0;
        int most = 1;
        for (final String[] row : rows) {
            final int subscribers = Integer.parseInt(row[2]);
            final double ns = Double.parseDouble(row[7]);
            byTransport.computeIfAbsent(row[0], k -> new ArrayList<>()).add(new double[] {subscribers, ns});
            min = Math.min(min, ns);
            max = Math.max(max, ns);
            most = Math.max(most, subscribers);
        }
        final Chart chart = new Chart("Fan-out: time per message delivered to every subscriber (lower is better)",
            0.5, most + 0.5, false, min, max);
        chart.yAxis("ns per message", Chart::nanos);
        for (int s = 1; s <= most; s++) {
            chart.xTick(s, Integer.toString(s));
        }
        chart.xTitle("subscribers (processes)");
        for (final Map.Entry<String, List<double[]>> transport : byTransport.entrySet()) {
            final List<double[]> points = transport.getValue();
            final double[] xs = new double[points.size()];
            final double[] ys = new double[points.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = points.get(i)[0];
                ys[i] = points.get(i)[1];
            }
            chart.line(xs, ys, color(transport.getKey()), false);
            chart.legend(transport.getKey(), "", color(transport.getKey()), false);
        }
        chart.note("32-byte messages. Runs with more processes than cores yield instead of spinning (all " +
            "transports alike).");
        chart.write(dir.resolve("fanout.png"));
    }

    private static List<String[]> readCsv(final Path file) throws IOException {
        final List<String[]> rows = new ArrayList<>();
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (final String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                rows.add(line.split(","));
            }
        }
        return rows;
    }

    private static String rate(final double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.3gM", perSecond / 1e6);
        }
        return String.format(Locale.ROOT, "%.3gk", perSecond / 1e3);
    }

    private static int order(final String name) {
        int i = 0;
        for (final String known : COLORS.keySet()) {
            if (name.startsWith(known + "-") && !(known.equals("aeron-ipc") && name.startsWith("aeron-ipc-pretouch"))) {
                return i * 2 + (name.contains("-block") ? 1 : 0);
            }
            i++;
        }
        return Integer.MAX_VALUE;
    }

    private static Color color(final String label) {
        Color best = Color.GRAY;
        int length = 0;
        for (final Map.Entry<String, Color> entry : COLORS.entrySet()) {
            if ((label.equals(entry.getKey()) || label.startsWith(entry.getKey() + "-")) &&
                entry.getKey().length() > length) {
                best = entry.getValue();
                length = entry.getKey().length();
            }
        }
        if (label.contains("-block")) {
            best = best.darker();
        }
        return best;
    }
}
