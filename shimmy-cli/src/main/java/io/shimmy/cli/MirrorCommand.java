package io.shimmy.cli;

import io.shimmy.InvalidConfigurationException;
import io.shimmy.Shimmy;
import io.shimmy.mirror.MirrorContext;
import io.shimmy.mirror.MirrorException;
import io.shimmy.mirror.MirrorPush;
import io.shimmy.mirror.MirrorSecret;
import io.shimmy.mirror.MirrorServer;
import io.shimmy.region.ChannelName;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code shimmy mirror}: mirrors topics to other hosts ({@code serve} on the receiving host, {@code push} on the
 * origin host), over the {@code shimmy-rdma} module.
 */
@Command(name = "mirror", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Mirror topics to other hosts over UCX (RDMA where present), TCP or DiSNI.",
    description = {"'serve' on the receiving host keeps replicas that local subscribers read with plain " +
        "'shimmy sub'; 'push' on the origin host sends topics to it. Both need the same secret: --secret-file " +
        "FILE, else $" + MirrorSecret.FILE_ENV + " (a file), else $" + MirrorSecret.ENV + " (the secret itself), " +
        "at least 16 bytes. See docs/remote.md."},
    subcommands = {MirrorCommand.Serve.class, MirrorCommand.Push.class})
final class MirrorCommand implements Callable<Integer> {
    /** The default port. */
    static final int DEFAULT_PORT = 7781;

    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: use serve or push");
    }

    /** Options both subcommands take. */
    static class Common {
        @Option(names = "--transport", paramLabel = "ucx|tcp|disni", converter = TransportConverter.class,
            description = "How bytes travel: ucx (default: RDMA where present, else TCP; needs libucx0), tcp " +
                "(plain sockets) or disni (RDMA verbs; needs libdisni.so and an RDMA device). Both ends must agree.")
        String transport = MirrorContext.DEFAULT_TRANSPORT;

        @Option(names = "--secret-file", paramLabel = "FILE",
            description = "File holding the shared secret (readable by its owner only).")
        Path secretFile;

        @Option(names = "--wait", paramLabel = "spin|yield|backoff|block", converter = SubCommand.WaitConverter.class,
            description = "How the mirror's thread waits when idle: backoff (default), spin (lowest latency, one " +
                "core busy), yield, or block (sleeps on the connection, at most 1 ms at a time).")
        String waitName = "backoff";

        MirrorContext context() {
            final MirrorSecret secret;
            try {
                secret = MirrorSecret.resolve(secretFile);
            } catch (final InvalidConfigurationException ex) {
                throw CliException.usage(ex.getMessage());
            }
            final PrintStream out = System.out;
            final DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
            return new MirrorContext().transport(transport).secret(secret).waitStrategy(waitName)
                .log(line -> {
                    synchronized (out) {
                        out.println(LocalTime.now().format(time) + " " + line);
                        out.flush();
                    }
                });
        }
    }

    /** {@code shimmy mirror serve}. */
    @Command(name = "serve", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Receive mirrored topics into this host's channel directory.",
        description = {"Listens on --bind only, accepts senders that prove the shared secret, and keeps a " +
            "replica of each topic they push in --dir, which local subscribers read with 'shimmy sub TOPIC'. " +
            "Refuses bad or hostile peers with one log line each. Logs one line per event on standard output. " +
            "Runs until SIGINT or SIGTERM (exit 0); exits 1 if the address cannot be bound."})
    static final class Serve extends Common implements Callable<Integer> {
        @ParentCommand
        private MirrorCommand mirror;

        @Option(names = "--bind", paramLabel = "HOST:PORT", converter = AddressConverter.class,
            description = "Address to listen on, and only it (default 127.0.0.1:" + DEFAULT_PORT + "; give this " +
                "host's address on the network the senders use).")
        InetSocketAddress bind = new InetSocketAddress("127.0.0.1", DEFAULT_PORT);

        @Override
        public Integer call() throws InterruptedException {
            final MirrorContext context = context();
            ShutdownSignal.install();
            try (Shimmy shimmy = Shimmy.open(mirror.parent.context(null));
                 MirrorServer server = new MirrorServer(shimmy, bind, context).start()) {
                while (!ShutdownSignal.requested()) {
                    Thread.sleep(50);
                }
            }
            return 0;
        }
    }

    /** {@code shimmy mirror push}. */
    @Command(name = "push", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        header = "Send topics of this host to a receiving host.",
        description = {"Mirrors each TOPIC of --dir to the receiver at --to (running 'shimmy mirror serve'): " +
            "subscribers there read it with 'shimmy sub TOPIC' and see the same messages in the same order. Waits " +
            "for a topic that does not exist yet, and reconnects when the receiver goes away, resuming without " +
            "loss or duplicates on a reliable topic as long as it is back before the origin's publishers have " +
            "written a whole ring past what the receiver acknowledged (while this process runs, its subscriber " +
            "holds them back; a restarted push resumes without loss if it comes back within the topic's liveness " +
            "timeout). A loss beyond that is logged and counted by the remote subscribers. Repeat --to to mirror " +
            "to several hosts.",
            "Runs until SIGINT or SIGTERM (exit 0); exits 1 if a receiver refuses the secret or a topic for good."})
    static final class Push extends Common implements Callable<Integer> {
        @ParentCommand
        private MirrorCommand mirror;

        @Parameters(arity = "1..*", paramLabel = "TOPIC", description = "Topics to mirror.")
        List<String> topics;

        @Option(names = "--to", required = true, paramLabel = "HOST:PORT", converter = AddressConverter.class,
            description = "The receiver (its --bind address); repeat for several.")
        List<InetSocketAddress> to;

        @Override
        public Integer call() throws InterruptedException {
            for (final String topic : topics) {
                ChannelName.validate(topic);
            }
            final MirrorContext context = context();
            ShutdownSignal.install();
            final AtomicReference<RuntimeException> failure = new AtomicReference<>();
            try (Shimmy shimmy = Shimmy.open(mirror.parent.context(null))) {
                final List<MirrorPush> pushes = new ArrayList<>();
                final List<Thread> threads = new ArrayList<>();
                for (final InetSocketAddress receiver : to) {
                    final MirrorPush push = new MirrorPush(shimmy, receiver, topics, context);
                    pushes.add(push);
                    final Thread thread = new Thread(() -> {
                        try {
                            push.run();
                        } catch (final RuntimeException ex) {
                            failure.compareAndSet(null, ex);
                        }
                    }, "shimmy-mirror-push");
                    threads.add(thread);
                    thread.start();
                }
                while (!ShutdownSignal.requested() && failure.get() == null) {
                    Thread.sleep(50);
                }
                pushes.forEach(MirrorPush::close);
                for (final Thread thread : threads) {
                    thread.join(ShutdownSignal.GRACE_MS / 2);
                }
            }
            final RuntimeException ex = failure.get();
            if (ex instanceof MirrorException) {
                throw CliException.runtime(ex.getMessage());
            }
            if (ex != null) {
                throw ex;
            }
            return 0;
        }
    }

    /** Parses {@code HOST:PORT}. */
    static final class AddressConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(final String value) {
            final int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new TypeConversionException("'" + value + "' is not HOST:PORT (e.g. 10.0.0.2:" + DEFAULT_PORT +
                    ")");
            }
            final String host = value.startsWith("[") && value.charAt(colon - 1) == ']' ?
                value.substring(1, colon - 1) : value.substring(0, colon);
            final int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (final NumberFormatException ex) {
                throw new TypeConversionException("'" + value + "' has no port number after the colon");
            }
            if (port < 0 || port > 65535) {
                throw new TypeConversionException("port " + port + " in '" + value + "' is not 0 to 65535");
            }
            final InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new TypeConversionException("host '" + host + "' in '" + value + "' cannot be resolved");
            }
            return address;
        }
    }

    /** Checks {@code --transport}. */
    static final class TransportConverter implements ITypeConverter<String> {
        @Override
        public String convert(final String value) {
            final String name = value.toLowerCase(Locale.ROOT);
            if (!name.equals("ucx") && !name.equals("tcp") && !name.equals("disni")) {
                throw new TypeConversionException("'" + value + "' is not a mirror transport: use ucx, tcp or disni");
            }
            return name;
        }
    }
}
