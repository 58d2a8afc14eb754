package io.shimmy.cli;

import io.shimmy.InvalidConfigurationException;
import io.shimmy.InvalidNameException;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The {@code shimmy} command: parses the command line, runs a subcommand and turns every expected error into one
 * line on standard error starting {@code shimmy: } and an exit status (0 success, 1 runtime error, 2 usage error).
 * Set {@code SHIMMY_DEBUG=1} to also print stack traces.
 */
@Command(name = "shimmy", mixinStandardHelpOptions = true, versionProvider = ShimmyCli.Version.class,
    usageHelpAutoWidth = true,
    description = "Shared-memory publish/subscribe and byte streams between processes and containers, and topics " +
        "mirrored to other hosts.",
    subcommands = {PubCommand.class, SubCommand.class, StreamCommand.class, ListCommand.class, StatCommand.class,
        CleanCommand.class, DemoCommand.class, BenchCommand.class, MirrorCommand.class, DemoPingCommand.class,
        DemoPongCommand.class},
    footerHeading = "%nExit status:%n",
    footer = {"  0  success",
        "  1  runtime error: corrupt or incompatible channel, no space, peer gone,",
        "     timeout",
        "  2  usage error: bad option, value or channel name",
        "Errors print one line on standard error starting 'shimmy: '.",
        "Set SHIMMY_DEBUG=1 to add stack traces."})
public final class ShimmyCli implements Callable<Integer> {
    private static final String DEBUG_ENV = "SHIMMY_DEBUG";
    /** The subcommands users type, as error messages list them. */
    private static final String SUBCOMMANDS = "pub, sub, stream, list, stat, clean, demo, bench or mirror";

    @Spec
    private CommandSpec spec;

    private Path dir;

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line.
     */
    public static void main(final String[] args) {
        int status;
        try {
            status = execute(args);
        } catch (final Throwable ex) {
            status = internalError(ex, new PrintWriter(System.err, true));
        }
        ShutdownSignal.exit(status);
    }

    /**
     * Runs the command with standard output and error.
     *
     * @param args the command line.
     * @return the exit status.
     */
    static int execute(final String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line: error handlers installed, output to standard output and error.
     *
     * @return a new command line.
     */
    static CommandLine commandLine() {
        final CommandLine commandLine = new CommandLine(new ShimmyCli());
        commandLine.setParameterExceptionHandler(ShimmyCli::onParameterException);
        commandLine.setExecutionExceptionHandler(ShimmyCli::onExecutionException);
        return commandLine;
    }

    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
        description = "Channel directory (created if missing, mode 0700 unless --mode says otherwise). " +
            "Default: $SHIMMY_DIR, else " + ShimmyContext.DEFAULT_DIR + ".")
    void dir(final Path dir) {
        this.dir = dir;
    }

    /**
     * The channel directory: {@code --dir}, else {@code $SHIMMY_DIR}, else {@code /dev/shm/shimmy}.
     *
     * @return the directory.
     */
    Path dir() {
        return dir != null ? dir : new ShimmyContext().dir();
    }

    /**
     * The context for a subcommand's {@code Shimmy} instance.
     *
     * @param mode permissions of files created, or null for the default ({@code $SHIMMY_MODE}, else 0600).
     * @return a new context.
     */
    ShimmyContext context(final String mode) {
        final ShimmyContext context = new ShimmyContext().dir(dir());
        if (mode != null) {
            context.mode(mode);
        }
        return context;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
            "missing subcommand: use " + SUBCOMMANDS);
    }

    private static int onParameterException(final ParameterException ex, final String[] args) {
        final CommandLine command = ex.getCommandLine();
        String message = uncapitalise(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException && command.getParent() == null &&
            !((UnmatchedArgumentException)ex).getUnmatched().isEmpty() &&
            !((UnmatchedArgumentException)ex).getUnmatched().get(0).startsWith("-") &&
            !ex.getCommandLine().getParseResult().hasSubcommand()) {
            message = "unknown subcommand '" + ((UnmatchedArgumentException)ex).getUnmatched().get(0) +
                "': use " + SUBCOMMANDS;
        }
        command.getErr().println("shimmy: " + oneLine(message) + "; try '" +
            command.getCommandSpec().qualifiedName() + " --help'");
        command.getErr().flush();
        if (debug()) {
            ex.printStackTrace(command.getErr());
        }
        return ExitCode.USAGE;
    }

    private static int onExecutionException(final Exception ex, final CommandLine command,
        final ParseResult parseResult) {
        final PrintWriter err = command.getErr();
        final int status;
        if (ex instanceof CliException) {
            status = ((CliException)ex).exitCode();
            err.println("shimmy: " + oneLine(ex.getMessage()));
        } else if (ex instanceof InvalidNameException || ex instanceof InvalidConfigurationException) {
            status = ExitCode.USAGE;
            err.println("shimmy: " + oneLine(ex.getMessage()) + "; try '" +
                command.getCommandSpec().qualifiedName() + " --help'");
        } else if (ex instanceof ShimmyException) {
            status = ExitCode.SOFTWARE;
            err.println("shimmy: " + oneLine(ex.getMessage()));
        } else {
            return internalError(ex, err);
        }
        if (debug()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return status;
    }

    private static int internalError(final Throwable ex, final PrintWriter err) {
        err.println("shimmy: internal error: " + oneLine(String.valueOf(ex)) +
            "; please report it (run with SHIMMY_DEBUG=1 for details)");
        if (debug()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.SOFTWARE;
    }

    private static boolean debug() {
        final String value = System.getenv(DEBUG_ENV);
        return value != null && !value.isEmpty() && !"0".equals(value);
    }

    private static String uncapitalise(final String text) {
        if (text == null || text.isEmpty()) {
            return "invalid command line";
        }
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))) {
            return Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return text;
    }

    /**
     * Makes a message fit one line.
     *
     * @param text the message.
     * @return the message with line breaks replaced by spaces.
     */
    static String oneLine(final String text) {
        final StringBuilder line = new StringBuilder(text == null ? 4 : text.length());
        final String source = String.valueOf(text).strip();
        for (int i = 0; i < source.length(); i++) {
            final char c = source.charAt(i);
            line.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return line.toString();
    }

    /** Reports the version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            final String version = ShimmyCli.class.getPackage().getImplementationVersion();
            return new String[] {"shimmy " + (version != null ? version : "(development build)")};
        }
    }
}
