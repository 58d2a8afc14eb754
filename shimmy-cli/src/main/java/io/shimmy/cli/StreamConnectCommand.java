package io.shimmy.cli;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyException;
import io.shimmy.region.ChannelName;
import io.shimmy.stream.StreamConfig;
import io.shimmy.stream.StreamConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * {@code shimmy stream connect}: connects to a listener and copies standard input and output through the stream.
 */
@Command(name = "connect", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Connect to a stream and copy standard input and output through it.",
    description = {"Connects to stream NAME ('shimmy stream listen NAME'), waiting for a live listener to appear " +
        "and accept (without limit, or at most --timeout: exit 1 when it passes), then copies standard input to " +
        "the stream and the stream to standard output, both at once, as raw bytes, until both directions are " +
        "closed. Exits 0 then; 1 if the other end dies or closes early, or on SIGINT/SIGTERM (the other end then " +
        "sees the connection aborted, not a clean end of stream).",
        "The capacity and liveness timeout are the listener's. Durations are " + Units.DURATION_HELP + "."})
final class StreamConnectCommand implements Callable<Integer> {
    @ParentCommand
    private StreamCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "Stream name.")
    private String name;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Units.DurationConverter.class,
        description = "Longest wait for a listener to accept (default: no limit).")
    private Long timeoutNs;

    @Mixin
    private StreamOptions options;

    @Override
    public Integer call() {
        ChannelName.validate(name);
        final StreamConfig config = new StreamConfig().waitStrategy(options.waitName)
            .connectTimeoutNs(timeoutNs != null ? timeoutNs : Long.MAX_VALUE);
        ShutdownSignal.installInterrupting();
        try (Shimmy shimmy = Shimmy.open(parent.root().context(options.mode))) {
            final StreamConnection connection;
            try {
                connection = shimmy.connect(name, config);
            } catch (final ShimmyException ex) {
                if (ShutdownSignal.requested()) {
                    throw CliException.runtime("stopped by a signal while waiting for a listener of stream '" +
                        name + "'");
                }
                throw ex;
            }
            return StreamCopy.copy(connection);
        }
    }
}
