package io.shimmy.cli;

import io.shimmy.Shimmy;
import io.shimmy.region.ChannelName;
import io.shimmy.topic.Publication;
import io.shimmy.topic.TopicConfig;
import io.shimmy.topic.TopicFile;
import io.shimmy.topic.TopicStatus;
import io.shimmy.wait.BackoffWait;
import io.shimmy.wait.WaitStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.concurrent.Callable;

/**
 * {@code shimmy pub}: publishes each line of standard input as one message.
 */
@Command(name = "pub", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Publish each line of standard input as one message on a topic.",
    description = {"Publishes each line of standard input (its bytes, without the newline) as one message on TOPIC, " +
        "creating the topic if it does not exist. Waits while a live subscriber of a reliable topic is a whole ring " +
        "behind; never drops a line. Exits 0 at the end of input once every message is committed.",
        "Sizes are " + Units.SIZE_HELP + "; durations are " + Units.DURATION_HELP + "."})
final class PubCommand implements Callable<Integer> {
    @ParentCommand
    private ShimmyCli parent;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic name: 1 to 200 of A-Z a-z 0-9 . _ -, " +
        "not starting with '.'.")
    private String topic;

    @Option(names = "--capacity", paramLabel = "BYTES", converter = Units.IntSizeConverter.class,
        description = "Ring capacity when creating the topic: a power of two from 4k to 1g (default 1m). " +
            "If the topic exists with another capacity, exit 1.")
    private Integer capacity;

    @Option(names = "--max-message", paramLabel = "BYTES", converter = Units.IntSizeConverter.class,
        description = "Longest message, at most capacity/8 (default capacity/8). " +
            "If the topic exists with another value, exit 1.")
    private Integer maxMessage;

    @Option(names = "--lossy", description = "Create a lossy topic: publishers never wait, slow subscribers skip " +
        "ahead and count what they lost. Default: reliable. If the topic exists reliable, exit 1.")
    private boolean lossy;

    @Option(names = "--liveness-timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
        description = "How long a publisher or subscriber may miss heartbeats before others treat it as gone, " +
            "when creating the topic (default 5s). If the topic exists with another value, exit 1.")
    private Long livenessTimeoutNs;

    @Option(names = "--mode", paramLabel = "OCTAL", converter = ModeConverter.class,
        description = "Permissions of files created, e.g. 0660 to share with the group. " +
            "Default: $SHIMMY_MODE, else 0600.")
    private String mode;

    private final InputStream in;

    /**
     * A command that reads standard input.
     */
    PubCommand() {
        this(new FileInputStream(FileDescriptor.in));
    }

    /**
     * A command that reads another stream.
     *
     * @param in the lines to publish.
     */
    PubCommand(final InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() throws IOException {
        ChannelName.validate(topic);
        final TopicConfig config = topicConfig();
        try (Shimmy shimmy = Shimmy.open(parent.context(mode));
            Publication publication = shimmy.publication(topic, config)) {
            publish(publication);
        }
        return 0;
    }

    private TopicConfig topicConfig() {
        final TopicConfig config = new TopicConfig();
        if (capacity != null) {
            config.capacity(capacity);
        } else if (maxMessage != null && Files.isRegularFile(parent.dir().resolve(topic), LinkOption.NOFOLLOW_LINKS)) {
            // TopicConfig.validate checks --max-message against the default capacity even when the topic exists:
            // ask for the existing capacity, which cannot mismatch, so that a compatible --max-message is accepted.
            final TopicStatus existing = TopicStatus.read(parent.dir(), topic);
            if (maxMessage > existing.capacity() / 8) {
                throw CliException.runtime("topic '" + topic + "' was created with max message length " +
                    TopicFile.size(existing.maxMessageLength()) + " but opened asking " + TopicFile.size(maxMessage) +
                    "; open it without that option, or use another topic name");
            }
            config.capacity(existing.capacity());
        }
        if (maxMessage != null) {
            config.maxMessageLength(maxMessage);
        }
        if (lossy) {
            config.lossy(true);
        }
        if (livenessTimeoutNs != null) {
            config.livenessTimeoutNs(livenessTimeoutNs);
        }
        return config;
    }

    private void publish(final Publication publication) throws IOException {
        final int maxLength = publication.maxMessageLength();
        final LineReader reader = new LineReader(in, maxLength);
        final WaitStrategy wait = new BackoffWait();
        while (reader.next()) {
            if (reader.tooLong()) {
                throw CliException.runtime("line " + reader.lineNumber() + " is " + reader.length() +
                    " bytes, longer than topic '" + topic + "''s maximum message length of " + maxLength +
                    " bytes (" + TopicFile.size(maxLength) + "); split the line, or publish to a topic created " +
                    "with a larger --max-message");
            }
            long result;
            while ((result = publication.offer(reader.buffer(), reader.offset(), (int)reader.length())) ==
                Publication.BACK_PRESSURED) {
                wait.idle(0);
            }
            wait.reset();
            if (result < 0) {
                throw CliException.runtime("could not publish line " + reader.lineNumber() + " on topic '" + topic +
                    "' (offer returned " + result + ")");
            }
        }
    }
}
