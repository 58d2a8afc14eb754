package io.shimmy.cli;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.region.ChannelHeader;
import io.shimmy.region.ChannelKind;
import io.shimmy.region.ChannelName;
import io.shimmy.region.ErrorLog;
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
        "For other kinds of channel, what its header says."})
final class StatCommand implements Callable<Integer> {
    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Channel name.")
    private String name;

    @Override
    public Integer call() {
        ChannelName.validate(name);
        final Path dir = parent.dir();
        final ChannelHeader header;
        try {
            header = ChannelHeader.read(dir.resolve(name));
        } catch (final ChannelNotFoundException ex) {
            throw CliException.runtime("no topic '" + name + "' in " + dir +
                ": check the name (shimmy list) and --dir / SHIMMY_DIR");
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (header.kind() == ChannelKind.TOPIC) {
            final TopicStatus status;
            try {
                status = TopicStatus.read(dir, name);
            } catch (final ChannelNotFoundException ex) {
                throw CliException.runtime("no topic '" + name + "' in " + dir + ": it was removed while reading");
            }
            printTopic(out, status);
        } else {
            printHeader(out, header);
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
        out.println("errors: " + status.errors().size());
        for (final ErrorLog.Entry error : status.errors()) {
            out.println("  " + error.count() + "x  last " + Instant.ofEpochMilli(error.lastMs()) + "  " +
                ShimmyCli.oneLine(error.text()));
        }
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

    private static void printHeader(final PrintWriter out, final ChannelHeader header) {
        out.println("name: " + header.name());
        out.println("kind: " + header.kind().label());
        out.println("file length: " + TopicFile.size(header.fileLength()));
        out.println("created: " + Instant.ofEpochMilli(header.createdMs()));
        out.println("creator pid: " + header.creatorPid());
        out.println("(no details for this kind of channel yet)");
    }
}
