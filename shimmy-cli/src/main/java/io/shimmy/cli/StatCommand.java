package io.shimmy.cli;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.ShimmyException;
import io.shimmy.region.ChannelHeader;
import io.shimmy.region.ChannelKind;
import io.shimmy.region.ChannelName;
import io.shimmy.region.ErrorLog;
import io.shimmy.stream.ConnectionName;
import io.shimmy.stream.ConnectionStatus;
import io.shimmy.stream.ListenerStatus;
import io.shimmy.topic.TopicFile;
import io.shimmy.topic.TopicStatus;
import io.shimmy.topic.TopicStatus.Party;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code shimmy stat}: the state of one channel.
 */
@Command(name = "stat", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Show the state of a channel: positions, subscribers, counters.",
    description = {"Prints the state of channel NAME: for a topic its parameters, tail position, counters " +
        "(messages, bytes, back-pressure events, losses), one line per publisher (slot, pid, alive/dead/evicted, " +
        "messages), one line per subscriber (slot, name, pid, position, lag, alive/dead/evicted, delivered, lost), " +
        "its error log, and FAILED if it was marked failed. Reading it changes nothing.",
        "For a stream listener: its state, options, pending connection requests and one line per connection; for a " +
            "connection (NAME@ID): both ends (open, closed, alive or dead) and, each way, bytes written, read and " +
            "buffered, end of stream and full-ring events."})
final class StatCommand implements Callable<Integer> {
    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Channel name, or a stream connection's NAME@ID.")
    private String name;

    @Override
    public Integer call() {
        if (name.indexOf(ConnectionName.SEPARATOR) >= 0) {
            ConnectionName.validate(name);
        } else {
            ChannelName.validate(name);
        }
        final Path dir = parent.dir();
        final ChannelHeader header;
        try {
            header = ChannelHeader.read(dir.resolve(name));
        } catch (final ChannelNotFoundException ex) {
            throw CliException.runtime("no channel '" + name + "' in " + dir +
                ": check the name (shimmy list) and --dir / SHIMMY_DIR");
        }
        final PrintWriter out = spec.commandLine().getOut();
        try {
            if (header.kind() == ChannelKind.TOPIC) {
                printTopic(out, TopicStatus.read(dir, name));
            } else if (header.kind() == ChannelKind.STREAM_LISTENER) {
                printListener(out, ListenerStatus.read(dir, name), dir);
            } else {
                printConnection(out, ConnectionStatus.read(dir, name));
            }
        } catch (final ChannelNotFoundException ex) {
            throw CliException.runtime("no channel '" + name + "' in " + dir + ": it was removed while reading");
        }
        out.flush();
        return 0;
    }

    private static void printTopic(final PrintWriter out, final TopicStatus status) {
        out.println("name: " + status.name());
        out.println("kind: topic" + (status.replica() ? " (mirror replica)" : ""));
        out.println("capacity: " + TopicFile.size(status.capacity()));
        out.println("max message: " + TopicFile.size(status.maxMessageLength()));
        out.println("delivery: " + (status.lossy() ? "lossy" : "reliable"));
        out.println("liveness timeout: " + Units.duration(status.livenessTimeoutNs()));
        out.println("tail: " + status.tail());
        out.println("messages: " + status.messages());
        out.println("bytes: " + status.bytes());
        out.println("back-pressure events: " + status.backPressureEvents());
        out.println("lost messages: " + status.lostMessages());
        out.println("lost bytes: " + status.lostBytes());
        out.println("publishers: " + status.publishers().size());
        for (final Party publisher : status.publishers()) {
            out.println("  publisher slot " + publisher.slot() + "  pid " + publisher.pid() + "  " + state(publisher) +
                "  messages " + publisher.messages() + "  bytes " + publisher.bytes() + "  back-pressure " +
                publisher.lostOrBackPressure());
        }
        out.println("subscribers: " + status.subscribers().size());
        for (final Party subscriber : status.subscribers()) {
            out.println("  subscriber slot " + subscriber.slot() + "  name " +
                (subscriber.name().isEmpty() ? "-" : ListCommand.printable(subscriber.name())) + "  pid " +
                subscriber.pid() + "  position " + subscriber.position() + "  lag " + subscriber.lag() + "  " +
                state(subscriber) + "  delivered " + subscriber.messages() + "  lost " +
                subscriber.lostOrBackPressure());
        }
        printErrors(out, status.errors());
        if (status.failed()) {
            out.println("FAILED: the topic's shared state was found corrupt; recreate it once nothing uses it " +
                "(shimmy clean)");
        }
    }

    private static String state(final Party party) {
        if (party.evicted()) {
            return "evicted";
        }
        return party.alive() ? "alive" : "dead";
    }

    private static void printListener(final PrintWriter out, final ListenerStatus status, final Path dir) {
        out.println("name: " + status.name());
        out.println("kind: stream listener");
        out.println("state: " + (!status.open() ? "closed" : status.alive() ? "alive" : "dead") + "  pid " +
            status.pid());
        out.println("capacity: " + TopicFile.size(status.capacity()) + " each way, for new connections");
        out.println("liveness timeout: " + Units.duration(status.livenessTimeoutNs()));
        out.println("backlog: " + status.backlog());
        out.println("pending requests: " + status.pending());
        out.println("next connection id: " + status.nextId());
        out.println("connections: " + status.connections().size());
        for (final String connection : status.connections()) {
            try {
                final ConnectionStatus c = ConnectionStatus.read(dir, connection);
                out.println("  " + connection + "  connector " + end(c.connector()) + "  acceptor " +
                    end(c.acceptor()) + "  buffered " + c.toAcceptor().buffered() + " / " +
                    c.toConnector().buffered());
            } catch (final ShimmyException ex) {
                out.println("  " + connection + "  unreadable: " + ShimmyCli.oneLine(ex.getMessage()));
            }
        }
        printErrors(out, status.errors());
    }

    private static void printConnection(final PrintWriter out, final ConnectionStatus status) {
        out.println("name: " + status.name());
        out.println("kind: stream connection");
        out.println("stream: " + status.stream());
        out.println("id: " + status.id());
        out.println("capacity: " + TopicFile.size(status.capacity()) + " each way");
        out.println("liveness timeout: " + Units.duration(status.livenessTimeoutNs()));
        out.println("connector: " + end(status.connector()) + "  pid " + status.connector().pid());
        out.println("acceptor: " + end(status.acceptor()) + "  pid " + status.acceptor().pid());
        printDirection(out, "to acceptor", status.toAcceptor());
        printDirection(out, "to connector", status.toConnector());
        printErrors(out, status.errors());
    }

    private static void printDirection(final PrintWriter out, final String label,
        final ConnectionStatus.Direction direction) {
        out.println(label + ": written " + direction.written() + "  read " + direction.read() + "  buffered " +
            direction.buffered() + "  end of stream " + (direction.endOfStream() ? "yes" : "no") + "  full " +
            direction.fullEvents());
    }

    private static String end(final ConnectionStatus.End end) {
        switch (end.state()) {
            case NONE:
                return "waiting";
            case CLOSED:
                return "closed";
            default:
                return end.alive() ? "alive" : "dead";
        }
    }

    private static void printErrors(final PrintWriter out, final List<ErrorLog.Entry> errors) {
        out.println("errors: " + errors.size());
        for (final ErrorLog.Entry error : errors) {
            out.println("  " + error.count() + "x  last " + Instant.ofEpochMilli(error.lastMs()) + "  " +
                ShimmyCli.oneLine(error.text()));
        }
    }
}
