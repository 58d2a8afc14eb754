package io.shimmy.cli;

import io.shimmy.Shimmy;
import io.shimmy.region.ChannelName;
import io.shimmy.stream.StreamConfig;
import io.shimmy.stream.StreamConnection;
import io.shimmy.stream.StreamListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code shimmy stream listen}: accepts one connection and copies standard input and output through it.
 */
@Command(name = "listen", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Accept one connection on a stream and copy standard input and output through it.",
    description = {"Listens on stream NAME, accepts one connection ('shimmy stream connect NAME'), then copies " +
        "standard input to the stream and the stream to standard output, both at once, as raw bytes, until both " +
        "directions are closed. Exits 0 then; 1 if the other end dies or closes early, or on SIGINT/SIGTERM (the " +
        "other end then sees the connection aborted, not a clean end of stream).",
        "A listener left by a process that died is replaced. Sizes are " + Units.SIZE_HELP + "; durations are " +
            Units.DURATION_HELP + "."})
final class StreamListenCommand implements Callable<Integer> {
    private static final long ACCEPT_SLICE_NS = TimeUnit.MILLISECONDS.toNanos(100);

    @ParentCommand
    private StreamCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "Stream name: 1 to 200 of A-Z a-z 0-9 . _ -, " +
        "not starting with '.'.")
    private String name;

    @Option(names = "--capacity", paramLabel = "BYTES", converter = Units.IntSizeConverter.class,
        description = "Bytes buffered in each direction: a power of two from 4k to 512m (default 1m).")
    private Integer capacity;

    @Option(names = "--liveness-timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
        description = "How long an end may miss heartbeats before the other treats it as dead (default 5s).")
    private Long livenessTimeoutNs;

    @Mixin
    private StreamOptions options;

    @Override
    public Integer call() throws IOException {
        ChannelName.validate(name);
        final StreamConfig config = new StreamConfig().waitStrategy(options.waitName);
        if (capacity != null) {
            config.capacity(capacity);
        }
        if (livenessTimeoutNs != null) {
            config.livenessTimeoutNs(livenessTimeoutNs);
        }
        ShutdownSignal.installInterrupting();
        try (Shimmy shimmy = Shimmy.open(parent.root().context(options.mode))) {
            final StreamConnection connection;
            try (StreamListener listener = shimmy.listen(name, config)) {
                connection = accept(listener);
            }
            return StreamCopy.copy(connection);
        }
    }

    private StreamConnection accept(final StreamListener listener) throws IOException {
        while (true) {
            StreamConnection connection = null;
            try {
                connection = listener.accept(ACCEPT_SLICE_NS);
            } catch (final InterruptedIOException ex) {
                if (!ShutdownSignal.requested()) {
                    throw ex;
                }
            }
            if (connection != null) {
                return connection;
            }
            if (ShutdownSignal.requested()) {
                throw CliException.runtime("stopped by a signal while waiting for a connection to stream '" +
                    name + "'");
            }
        }
    }
}
