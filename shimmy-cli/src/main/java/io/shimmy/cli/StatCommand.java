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
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code shimmy stat}: the state of one channel.
 */
@Command(name = "stat", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Show the state of a channel: positions, subscribers, counters.",
    description = {"Prints the state of channel NAME: for a topic its parameters, tail position, counters " +
        "(messages, bytes, back-pressure events, losses), one line per publisher (slot, pid, alive/dead/evicted, " +
        "messages), one line per subscriber (slot, name, pid, position, lag, alive/dead/evicted, delivered, lost), " +
        "its error log (each distinct error with its count and first and last times), and FAILED if it was " +
        "marked failed. Reading it changes nothing.",
        "With --watch, samples the topic every interval until interrupted (Ctrl-C, exit 0), adding rates: " +
        "messages/s and bytes/s of the topic and of each publisher, deliveries/s of each subscriber, and the age " +
        "of each heartbeat. On a terminal the screen is redrawn in place; otherwise each sample is printed as a " +
        "block after a blank line, without escape codes.",
        "For a stream listener: its state, options, pending connection requests and one line per connection; for a " +
            "connection (NAME@ID): both ends (open, closed, alive or dead) and, each way, bytes written, read and " +
            "buffered, end of stream and full-ring events. --watch is for topics.",
        "Durations are " + Units.DURATION_HELP + "."})
final class StatCommand implements Callable<Integer> {
    private static final long DEFAULT_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Channel name, or a stream connection's NAME@ID.")
    private String name;

    @Option(names = "--watch", description = "Sample the topic every interval, with rates, until interrupted.")
    private boolean watch;

    @Option(names = "--interval", paramLabel = "DURATION", converter = Units.DurationConverter.class,
        description = "Time between samples with --watch. Default: 1s.")
    private Long intervalNs;

    @Override
    public Integer call() {
        if (name.indexOf(ConnectionName.SEPARATOR) >= 0) {
            ConnectionName.validate(name);
        } else {
            ChannelName.validate(name);
        }
        if (intervalNs != null && !watch) {
            throw new ParameterException(spec.commandLine(), "--interval needs --watch");
        }
        if (intervalNs != null && intervalNs <= 0) {
            throw new ParameterException(spec.commandLine(), "--interval must be longer than 0");
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
        if (header.kind() == ChannelKind.TOPIC) {
            if (watch) {
                return watch(out, dir, intervalNs != null ? intervalNs : DEFAULT_INTERVAL_NS);
            }
            printTopic(out, read(dir));
        } else if (watch) {
            throw new ParameterException(spec.commandLine(), "--watch samples topics; '" + name + "' is a " +
                header.kind().label());
        } else {
            try {
                if (header.kind() == ChannelKind.STREAM_LISTENER) {
                    printListener(out, ListenerStatus.read(dir, name), dir);
                } else {
                    printConnection(out, ConnectionStatus.read(dir, name));
                }
            } catch (final ChannelNotFoundException ex) {
                throw CliException.runtime("no channel '" + name + "' in " + dir + ": it was removed while reading");
            }
        }
        out.flush();
        return 0;
    }

    private TopicStatus read(final Path dir) {
        try {
            return TopicStatus.read(dir, name);
        } catch (final ChannelNotFoundException ex) {
            throw CliException.runtime("no channel '" + name + "' in " + dir + ": it was removed while reading");
        }
    }

    private int watch(final PrintWriter out, final Path dir, final long intervalNs) {
        ShutdownSignal.install();
        final boolean terminal = terminal();
        Sample previous = null;
        while (!ShutdownSignal.requested()) {
            final Sample sample = new Sample(System.nanoTime(), read(dir));
            if (terminal) {
                out.print(CLEAR_SCREEN);
            } else if (previous != null) {
                out.println();
            }
            out.println("time: " + Instant.now() + "  (every " + Units.duration(intervalNs) + ", Ctrl-C to stop)");
            printWatched(out, sample, previous);
            out.flush();
            if (out.checkError()) {
                return 0;
            }
            previous = sample;
            final long next = sample.nanoTime + intervalNs;
            while (!ShutdownSignal.requested() && next - System.nanoTime() > 0) {
                LockSupport.parkNanos(Math.min(next - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(20)));
            }
        }
        return 0;
    }

    /** Whether standard output is a terminal (then the screen is redrawn in place). */
    private static boolean terminal() {
        final java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            final Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean)isTerminal.invoke(console);
        } catch (final ReflectiveOperationException ex) {
            return true;
        }
    }

    /** A snapshot and when it was taken. */
    private record Sample(long nanoTime, TopicStatus status) {
    }

    private static void printWatched(final PrintWriter out, final Sample sample, final Sample previous) {
        final TopicStatus status = sample.status;
        final TopicStatus before = previous == null ? null : previous.status;
        final double seconds = previous == null ? 0 : (sample.nanoTime - previous.nanoTime) / 1e9;
        out.println("name: " + status.name() + "  " + (status.lossy() ? "lossy" : "reliable") + "  capacity " +
            TopicFile.size(status.capacity()) + "  max message " + TopicFile.size(status.maxMessageLength()) +
            "  liveness timeout " + Units.duration(status.livenessTimeoutNs()));
        out.println("tail: " + status.tail());
        out.println("messages: " + status.messages() + "  " +
            rate(status.messages(), before == null ? 0 : before.messages(), seconds, "msgs/s"));
        out.println("bytes: " + status.bytes() + "  " +
            rate(status.bytes(), before == null ? 0 : before.bytes(), seconds, "bytes/s"));
        out.println("back-pressure events: " + status.backPressureEvents() + "  " + rate(status.backPressureEvents(),
            before == null ? 0 : before.backPressureEvents(), seconds, "events/s"));
        out.println("lost messages: " + status.lostMessages() + "  " +
            rate(status.lostMessages(), before == null ? 0 : before.lostMessages(), seconds, "msgs/s"));
        out.println("lost bytes: " + status.lostBytes());
        out.println("publishers: " + liveness(status.publishers()));
        final Map<Integer, Party> publishersBefore = bySlot(before == null ? List.of() : before.publishers());
        for (final Party publisher : status.publishers()) {
            final Party was = publishersBefore.get(publisher.slot());
            out.println("  publisher slot " + publisher.slot() + "  pid " + publisher.pid() + "  " +
                state(publisher) + "  heartbeat " + age(publisher) + "  messages " + publisher.messages() + "  " +
                rate(publisher.messages(), was == null ? publisher.messages() : was.messages(), seconds, "msgs/s") +
                "  bytes " + publisher.bytes() + "  back-pressure " + publisher.lostOrBackPressure());
        }
        out.println("subscribers: " + liveness(status.subscribers()));
        final Map<Integer, Party> subscribersBefore = bySlot(before == null ? List.of() : before.subscribers());
        for (final Party subscriber : status.subscribers()) {
            final Party was = subscribersBefore.get(subscriber.slot());
            out.println("  subscriber slot " + subscriber.slot() + "  name " + name(subscriber) + "  pid " +
                subscriber.pid() + "  position " + subscriber.position() + "  lag " + subscriber.lag() + "  " +
                state(subscriber) + "  heartbeat " + age(subscriber) + "  delivered " + subscriber.messages() +
                "  " + rate(subscriber.messages(), was == null || was.messages() > subscriber.messages() ?
                subscriber.messages() : was.messages(), seconds, "msgs/s") + "  lost " +
                subscriber.lostOrBackPressure());
        }
        printErrors(out, status);
    }

    private static Map<Integer, Party> bySlot(final List<Party> parties) {
        final Map<Integer, Party> map = new HashMap<>();
        for (final Party party : parties) {
            map.put(party.slot(), party);
        }
        return map;
    }

    private static String rate(final long now, final long before, final double seconds, final String unit) {
        if (seconds <= 0) {
            return "(- " + unit + ")";
        }
        return "(" + Math.round(Math.max(0, now - before) / seconds) + " " + unit + ")";
    }

    private static String liveness(final List<Party> parties) {
        final long alive = parties.stream().filter(Party::alive).count();
        return parties.size() + " (" + alive + " alive, " + (parties.size() - alive) + " stale)";
    }

    private static String age(final Party party) {
        final long ageNs = party.heartbeatAgeNs();
        if (ageNs < 0) {
            return "in the future";
        }
        return Units.age(ageNs) + " ago";
    }

    private static String name(final Party subscriber) {
        return subscriber.name().isEmpty() ? "-" : ListCommand.printable(subscriber.name());
    }

    private static void printErrors(final PrintWriter out, final TopicStatus status) {
        printErrors(out, status.errors());
        if (status.failed()) {
            out.println("FAILED: the topic's shared state was found corrupt; recreate it once nothing uses it " +
                "(shimmy clean)");
        }
    }

    private static void printErrors(final PrintWriter out, final List<ErrorLog.Entry> errors) {
        out.println("errors: " + errors.size());
        for (final ErrorLog.Entry error : errors) {
            out.println("  " + error.count() + "x  last " + Instant.ofEpochMilli(error.lastMs()) + "  first " +
                Instant.ofEpochMilli(error.firstMs()) + "  " + ShimmyCli.oneLine(error.text()));
        }
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
            out.println("  subscriber slot " + subscriber.slot() + "  name " + name(subscriber) + "  pid " +
                subscriber.pid() + "  position " + subscriber.position() + "  lag " + subscriber.lag() + "  " +
                state(subscriber) + "  delivered " + subscriber.messages() + "  lost " +
                subscriber.lostOrBackPressure());
        }
        printErrors(out, status);
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
}
