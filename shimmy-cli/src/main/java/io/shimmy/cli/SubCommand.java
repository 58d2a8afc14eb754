package io.shimmy.cli;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.Shimmy;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.ChannelName;
import io.shimmy.topic.MessageHandler;
import io.shimmy.topic.StartPosition;
import io.shimmy.topic.Subscription;
import io.shimmy.topic.SubscriptionConfig;
import io.shimmy.wait.WaitStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code shimmy sub}: prints the messages of a topic, one per line.
 */
@Command(name = "sub", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Print the messages of a topic, one per line.",
    description = {"Prints each message of TOPIC followed by a newline, as raw bytes, flushed whenever no message is " +
        "waiting. If the topic does not exist yet, waits for it to appear and then prints it from its first " +
        "message (all published after this command started).",
        "Stops after --count messages, after --idle-timeout without a message, when standard output is closed, " +
        "or on SIGINT/SIGTERM, releasing its subscriber slot; exits 0 in all these cases. Exits 1 if the topic " +
        "did not appear within --idle-timeout, or is corrupt or marked failed.",
        "Durations are " + Units.DURATION_HELP + "."})
final class SubCommand implements Callable<Integer> {
    private static final int POLL_LIMIT = 64;
    private static final long TOPIC_POLL_MS = 10;

    @ParentCommand
    private ShimmyCli parent;

    @Parameters(index = "0", paramLabel = "TOPIC", description = "Topic name.")
    private String topic;

    @Option(names = "--from", paramLabel = "earliest|latest", converter = StartConverter.class,
        description = "Where to start: latest (default) prints only messages published after joining; earliest " +
            "starts at the oldest message the topic still holds.")
    private StartPosition from = StartPosition.LATEST;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N messages.")
    private Long count;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
        description = "Stop after DURATION without a message (exit 0); also bounds the wait for the topic to " +
            "appear (exit 1).")
    private Long idleTimeoutNs;

    @Option(names = "--wait", paramLabel = "spin|yield|backoff|block", converter = WaitConverter.class,
        description = "How to wait for messages: spin (lowest latency, one core busy), yield, backoff (default: " +
            "spins, yields, then parks up to 1 ms) or block.")
    private String waitName = "backoff";

    @Option(names = "--name", paramLabel = "NAME", description = "Subscriber name shown by 'shimmy stat' " +
        "(up to 60 ASCII characters). Default: sub.")
    private String name = "sub";

    private final OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024);
    private byte[] copy = new byte[4096];
    private long received;

    @Override
    public Integer call() throws IOException {
        ChannelName.validate(topic);
        if (count != null && count < 0) {
            throw CliException.usage("--count must not be negative, got " + count + "; try 'shimmy sub --help'");
        }
        final SubscriptionConfig config = new SubscriptionConfig().start(from).name(name).waitStrategy(waitName);
        ShutdownSignal.install();
        try (Shimmy shimmy = Shimmy.open(parent.context(null))) {
            final Subscription subscription = awaitTopic(shimmy, config);
            if (subscription != null) {
                try {
                    run(subscription, subscription.newWaitStrategy());
                } finally {
                    subscription.close();
                }
            }
        } finally {
            flushQuietly();
        }
        return 0;
    }

    private Subscription awaitTopic(final Shimmy shimmy, final SubscriptionConfig config) {
        final long start = System.nanoTime();
        while (true) {
            try {
                return shimmy.subscription(topic, config);
            } catch (final ChannelNotFoundException ex) {
                // Everything a topic that appears from now on holds was published after this command started.
                config.start(StartPosition.EARLIEST);
                if (ShutdownSignal.requested()) {
                    return null;
                }
                if (idleTimeoutNs != null && System.nanoTime() - start >= idleTimeoutNs) {
                    throw CliException.runtime("no topic '" + topic + "' appeared in " + parent.dir() + " within " +
                        Units.duration(idleTimeoutNs) + ": start its publisher first, or check --dir / SHIMMY_DIR");
                }
                try {
                    Thread.sleep(TOPIC_POLL_MS);
                } catch (final InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    private void run(final Subscription subscription, final WaitStrategy wait) {
        final MessageHandler handler = this::print;
        long lastMessageNs = System.nanoTime();
        boolean dirty = false;
        try {
            while (!ShutdownSignal.requested() && (count == null || received < count)) {
                final int limit = count == null ? POLL_LIMIT : (int)Math.min(POLL_LIMIT, count - received);
                final int polled = subscription.poll(handler, limit);
                if (polled > 0) {
                    dirty = true;
                    lastMessageNs = System.nanoTime();
                    wait.idle(polled);
                    continue;
                }
                if (polled == Subscription.CHANNEL_FAILED) {
                    throw CliException.runtime("topic '" + topic + "' in " + parent.dir() + " was marked failed " +
                        "(its shared state is corrupt): see 'shimmy stat " + topic + "'; recreate it once nothing " +
                        "uses it (shimmy clean)");
                }
                if (polled < 0) {
                    throw CliException.runtime("subscription to topic '" + topic + "' stopped (poll returned " +
                        polled + ")");
                }
                if (dirty) {
                    out.flush();
                    dirty = false;
                }
                if (idleTimeoutNs != null && System.nanoTime() - lastMessageNs >= idleTimeoutNs) {
                    break;
                }
                wait.idle(0);
            }
        } catch (final IOException ex) {
            outputFailed(ex);
        } catch (final UncheckedIOException ex) {
            outputFailed(ex.getCause());
        }
    }

    private void print(final SharedBuffer buffer, final int offset, final int length) {
        if (length > copy.length) {
            copy = Arrays.copyOf(copy, Math.max(length, 2 * copy.length));
        }
        buffer.getBytes(offset, copy, 0, length);
        try {
            out.write(copy, 0, length);
            out.write('\n');
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
        received++;
    }

    private void outputFailed(final IOException ex) {
        if (!isBrokenPipe(ex)) {
            throw CliException.runtime("cannot write to standard output: " + ex.getMessage());
        }
    }

    private void flushQuietly() {
        try {
            out.flush();
        } catch (final IOException ex) {
            if (!isBrokenPipe(ex)) {
                throw CliException.runtime("cannot write to standard output: " + ex.getMessage());
            }
        }
    }

    private static boolean isBrokenPipe(final IOException ex) {
        final String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("broken pipe") || message.contains("stream closed");
    }

    /** Parses {@code --from}. */
    static final class StartConverter implements ITypeConverter<StartPosition> {
        @Override
        public StartPosition convert(final String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "earliest":
                    return StartPosition.EARLIEST;
                case "latest":
                    return StartPosition.LATEST;
                default:
                    throw new TypeConversionException("'" + value + "' is not a start position: use earliest or " +
                        "latest");
            }
        }
    }

    /** Checks {@code --wait}. */
    static final class WaitConverter implements ITypeConverter<String> {
        @Override
        public String convert(final String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "spin":
                case "yield":
                case "backoff":
                case "block":
                    return value.toLowerCase(Locale.ROOT);
                default:
                    throw new TypeConversionException("'" + value + "' is not a wait strategy: use spin, yield, " +
                        "backoff or block");
            }
        }
    }
}
