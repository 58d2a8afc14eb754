package io.shimmy.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/**
 * A chart with a logarithmic y axis and either a logarithmic or a categorical x axis, drawn into a PNG: frame,
 * grid, tick labels, title, axis titles and a legend. Data coordinates go through {@link #x(double)} and
 * {@link #y(double)}.
 */
final class Chart {
    static final int WIDTH = 1200;
    static final int HEIGHT = 720;
    private static final int LEFT = 110;
    private static final int RIGHT = 300;
    private static final int TOP = 70;
    private static final int BOTTOM = 90;
    private static final Color GRID = new Color(0xDD, 0xDD, 0xDD);

    private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    private final Graphics2D g = image.createGraphics();
    private final double xMin;
    private final double xMax;
    private final double yMinLog;
    private final double yMaxLog;
    private final boolean logX;
    private final List<String[]> legend = new ArrayList<>();
    private final List<Color> legendColors = new ArrayList<>();
    private final List<Boolean> legendDashed = new ArrayList<>();

    Chart(final String title, final double xMin, final double xMax, final boolean logX, final double yMin,
        final double yMax) {
        this.xMin = logX ? Math.log10(xMin) : xMin;
        this.xMax = logX ? Math.log10(xMax) : xMax;
        this.logX = logX;
        this.yMinLog = Math.floor(Math.log10(yMin));
        this.yMaxLog = Math.ceil(Math.log10(yMax));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        g.drawString(title, LEFT, 40);
    }

    int x(final double value) {
        final double v = logX ? Math.log10(value) : value;
        return LEFT + (int)Math.round((v - xMin) / (xMax - xMin) * (WIDTH - LEFT - RIGHT));
    }

    int y(final double value) {
        final double v = Math.log10(Math.max(value, Math.pow(10, yMinLog)));
        return HEIGHT - BOTTOM - (int)Math.round((v - yMinLog) / (yMaxLog - yMinLog) * (HEIGHT - TOP - BOTTOM));
    }

    int plotBottom() {
        return HEIGHT - BOTTOM;
    }

    /** Draws horizontal grid lines and labels at 1, 2 and 5 times each power of ten. */
    void yAxis(final String label, final DoubleFunction<String> format) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        final FontMetrics metrics = g.getFontMetrics();
        for (double decade = yMinLog; decade <= yMaxLog; decade++) {
            for (final int step : new int[] {1, 2, 5}) {
                final double value = step * Math.pow(10, decade);
                if (Math.log10(value) > yMaxLog + 1e-9) {
                    continue;
                }
                final int y = y(value);
                g.setColor(step == 1 ? GRID.darker() : GRID);
                g.drawLine(LEFT, y, WIDTH - RIGHT, y);
                g.setColor(Color.BLACK);
                final String text = format.apply(value);
                g.drawString(text, LEFT - 8 - metrics.stringWidth(text), y + 5);
            }
        }
        final Graphics2D rotated = (Graphics2D)g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
        rotated.drawString(label, -(TOP + (HEIGHT - TOP - BOTTOM) / 2 + metrics.stringWidth(label) / 2), 28);
        rotated.dispose();
    }

    /** Draws a vertical grid line with a label under the axis. */
    void xTick(final double value, final String text) {
        final int x = x(value);
        g.setColor(GRID);
        g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
        xLabel(x, text);
    }

    void xLabel(final int x, final String text) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, HEIGHT - BOTTOM + 22);
    }

    void xTitle(final String text) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
        g.drawString(text, LEFT + (WIDTH - LEFT - RIGHT) / 2 - g.getFontMetrics().stringWidth(text) / 2,
            HEIGHT - BOTTOM + 55);
    }

    void note(final String text) {
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
        g.drawString(text, LEFT, HEIGHT - 12);
    }

    void line(final double[] xs, final double[] ys, final Color color, final boolean dashed) {
        final Stroke previous = g.getStroke();
        g.setStroke(dashed ? new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
            new float[] {9f, 6f}, 0f) : new BasicStroke(2.5f));
        g.setColor(color);
        for (int i = 1; i < xs.length; i++) {
            g.drawLine(x(xs[i - 1]), y(ys[i - 1]), x(xs[i]), y(ys[i]));
        }
        for (int i = 0; i < xs.length && xs.length <= 8; i++) {
            g.fillOval(x(xs[i]) - 4, y(ys[i]) - 4, 8, 8);
        }
        g.setStroke(previous);
    }

    void bar(final int left, final int width, final double value, final Color color, final String label) {
        final int top = y(value);
        g.setColor(color);
        g.fillRect(left, top, width, HEIGHT - BOTTOM - top);
        g.setColor(Color.BLACK);
        g.drawRect(left, top, width, HEIGHT - BOTTOM - top);
        final Graphics2D rotated = (Graphics2D)g.create();
        rotated.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        rotated.rotate(-Math.PI / 2, left + width / 2.0 + 4, top - 4);
        rotated.drawString(label, left + width / 2 + 4, top - 4);
        rotated.dispose();
    }

    void legend(final String name, final String detail, final Color color, final boolean dashed) {
        legend.add(new String[] {name, detail});
        legendColors.add(color);
        legendDashed.add(dashed);
    }

    void write(final Path file) throws IOException {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        int y = TOP + 10;
        for (int i = 0; i < legend.size(); i++) {
            final int x = WIDTH - RIGHT + 20;
            final Stroke previous = g.getStroke();
            g.setColor(legendColors.get(i));
            g.setStroke(legendDashed.get(i) ? new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {7f, 5f}, 0f) : new BasicStroke(3f));
            g.drawLine(x, y, x + 30, y);
            g.setStroke(previous);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(legend.get(i)[0], x + 40, y + 5);
            if (!legend.get(i)[1].isEmpty()) {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
                g.drawString(legend.get(i)[1], x + 40, y + 22);
                y += 17;
            }
            y += 28;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * A nanosecond value as text.
     *
     * @param ns nanoseconds.
     * @return e.g. {@code 200 ns}, {@code 5 µs}, {@code 2 ms}.
     */
    static String nanos(final double ns) {
        if (ns >= 1e6) {
            return String.format(Locale.ROOT, "%.0f ms", ns / 1e6);
        }
        if (ns >= 1e3) {
            return String.format(Locale.ROOT, "%.0f \u00b5s", ns / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f ns", ns);
    }
}
