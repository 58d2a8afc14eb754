package io.shimmy.cli;

import io.shimmy.ChannelDirectory;
import io.shimmy.ChannelDirectory.Entry;
import io.shimmy.ShimmyException;
import io.shimmy.region.ChannelKind;
import io.shimmy.topic.TopicFile;
import io.shimmy.topic.TopicStatus;
import io.shimmy.topic.TopicStatus.Party;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

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
        "With --long, three columns follow STATE for topics, all from heartbeats (pids say nothing across " +
        "containers): PUBLISHERS and SUBSCRIBERS as 'N alive, M stale' (stale: its heartbeat is older than the " +
        "liveness timeout, or it was evicted), and HEARTBEAT, the age of the freshest heartbeat.",
        "A missing directory lists nothing."})
final class ListCommand implements Callable<Integer> {
    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--header", description = "Print a header line first.")
    private boolean header;

    @Option(names = {"-l", "--long"}, description = "Add publishers and subscribers alive and stale, and the age " +
        "of the freshest heartbeat.")
    private boolean longFormat;

    @Override
    public Integer call() {
        final List<String[]> rows = new ArrayList<>();
        if (header) {
            rows.add(longFormat ? new String[] {"KIND", "NAME", "CAPACITY", "STATE", "PUBLISHERS", "SUBSCRIBERS",
                "HEARTBEAT"} : new String[] {"KIND", "NAME", "CAPACITY", "STATE"});
        }
        final Path dir = parent.dir();
        for (final Entry entry : ChannelDirectory.list(dir)) {
            final String name = printable(entry.name());
            if (entry.kind() == null) {
                rows.add(new String[] {"invalid", name, ShimmyCli.oneLine(entry.problem())});
                continue;
            }
            final String kind = entry.kind() == ChannelKind.TOPIC ? "topic" : "stream";
            final List<String> row = new ArrayList<>(List.of(kind, name,
                entry.capacity() > 0 ? TopicFile.size(entry.capacity()) : "-", entry.inUse() ? "alive" : "idle"));
            if (longFormat) {
                row.addAll(parties(dir, entry));
            }
            if (entry.problem() != null) {
                row.add(ShimmyCli.oneLine(entry.problem()));
            }
            rows.add(row.toArray(new String[0]));
        }
        print(spec.commandLine().getOut(), rows);
        return 0;
    }

    private static List<String> parties(final Path dir, final Entry entry) {
        if (entry.kind() != ChannelKind.TOPIC) {
            return List.of("-", "-", "-");
        }
        try {
            final TopicStatus status = TopicStatus.read(dir, entry.name());
            final long freshest = Stream.concat(status.publishers().stream(), status.subscribers().stream())
                .mapToLong(Party::heartbeatAgeNs).filter(age -> age >= 0).min().orElse(-1);
            return List.of(liveness(status.publishers()), liveness(status.subscribers()),
                freshest < 0 ? "-" : Units.age(freshest));
        } catch (final ShimmyException ex) {
            return List.of("-", "-", "-");
        }
    }

    private static String liveness(final List<Party> parties) {
        final long alive = parties.stream().filter(Party::alive).count();
        return alive + " alive, " + (parties.size() - alive) + " stale";
    }

    private static void print(final PrintWriter out, final List<String[]> rows) {
        final int[] widths = new int[8];
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
