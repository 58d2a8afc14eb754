package io.shimmy.cli;

import io.shimmy.ChannelDirectory;
import io.shimmy.ChannelDirectory.Entry;
import io.shimmy.region.ChannelKind;
import io.shimmy.topic.TopicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code shimmy list}: one line per channel in the directory.
 */
@Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "List the channels in the directory.",
    description = {"Lists the channels in the directory, one per line, sorted by name, in columns separated by at " +
        "least two spaces: kind (topic or stream), name, capacity (e.g. 1m), and alive if a live process uses it, " +
        "else idle; a fifth column notes a topic marked failed.",
        "A stream is its listener (NAME, capacity of new connections) and one line per connection (NAME@ID, " +
            "bytes buffered in each direction); a connection is alive while either end is.",
        "A file that is not a valid channel is listed as: invalid, its name, and the problem.",
        "A missing directory lists nothing."})
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--header", description = "Print a header line first.")
    private boolean header;

    @Override
    public Integer call() {
        final List<String[]> rows = new ArrayList<>();
        if (header) {
            rows.add(new String[] {"KIND", "NAME", "CAPACITY", "STATE"});
        }
        for (final Entry entry : ChannelDirectory.list(parent.dir())) {
            final String name = printable(entry.name());
            if (entry.kind() == null) {
                rows.add(new String[] {"invalid", name, ShimmyCli.oneLine(entry.problem())});
            } else {
                final String kind = entry.kind() == ChannelKind.TOPIC ? "topic" : "stream";
                final String capacity = entry.capacity() > 0 ? TopicFile.size(entry.capacity()) : "-";
                final String state = entry.inUse() ? "alive" : "idle";
                rows.add(entry.problem() == null ? new String[] {kind, name, capacity, state} :
                    new String[] {kind, name, capacity, state, ShimmyCli.oneLine(entry.problem())});
            }
        }
        print(spec.commandLine().getOut(), rows);
        return 0;
    }

    private static void print(final PrintWriter out, final List<String[]> rows) {
        final int[] widths = new int[5];
        for (final String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        final StringBuilder line = new StringBuilder();
        for (final String[] row : rows) {
            line.setLength(0);
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line);
        }
        out.flush();
    }

    /**
     * A file name made safe to print on one line.
     *
     * @param name as found in the directory.
     * @return the name with control and non-ASCII characters replaced by '?'.
     */
    static String printable(final String name) {
        final StringBuilder safe = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            safe.append(c > ' ' && c < 127 ? c : '?');
        }
        return safe.toString();
    }
}
