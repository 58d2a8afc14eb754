package io.shimmy.examples.common;

import io.shimmy.ShimmyException;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code main} of an example: picks the role named by the first argument, runs it with a {@link Shutdown}
 * flag, and turns every expected failure into one line on stderr and an exit status: 0 success (also after a stop
 * by SIGTERM), 1 runtime failure, 2 usage error. Stack traces only for bugs, or with {@code SHIMMY_DEBUG=1}.
 * <pre>{@code
 * new Launcher("shimmy-sensors", "Sensor readings over a Shimmy topic.")
 *     .role("publish", "publish simulated readings", SensorPublisher::run)
 *     .main(args);
 * }</pre>
 */
public final class Launcher {
    /** Exit status of a runtime failure. */
    public static final int FAILURE = 1;
    /** Exit status of a usage error. */
    public static final int USAGE = 2;

    private final String program;
    private final String summary;
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, String> summaries = new LinkedHashMap<>();

    /**
     * One role of an example (a publisher, a subscriber, a sink...).
     */
    @FunctionalInterface
    public interface Role {
        /**
         * Runs the role until it is done or {@code shutdown} is requested.
         *
         * @param command the program and role, as the user typed it, for {@link Options}.
         * @param args the arguments after the role.
         * @param shutdown raised by SIGTERM or SIGINT.
         * @return the exit status: 0 or {@link #FAILURE}.
         * @throws Exception for a failure, reported in one line.
         */
        int run(String command, String[] args, Shutdown shutdown) throws Exception;
    }

    /**
     * A launcher without roles.
     *
     * @param program name of the jar's command, e.g. {@code shimmy-sensors}.
     * @param summary one sentence for the usage text.
     */
    public Launcher(final String program, final String summary) {
        this.program = program;
        this.summary = summary;
    }

    /**
     * Adds a role.
     *
     * @param name the first argument that selects it.
     * @param help one line for the usage text.
     * @param role what it runs.
     * @return this.
     */
    public Launcher role(final String name, final String help, final Role role) {
        roles.put(name, role);
        summaries.put(name, help);
        return this;
    }

    /**
     * Runs the role the arguments name and exits the JVM with its status.
     *
     * @param args the command line.
     */
    public void main(final String[] args) {
        final Shutdown shutdown = Shutdown.install();
        final int status = run(args, shutdown, System.out, System.err);
        System.out.flush();
        System.err.flush();
        shutdown.finished(status);
        System.exit(status);
    }

    /**
     * Runs the role the arguments name.
     *
     * @param args the command line.
     * @param shutdown the stop flag.
     * @param out for the usage text.
     * @param err for the one-line error.
     * @return the exit status.
     */
    public int run(final String[] args, final Shutdown shutdown, final PrintStream out, final PrintStream err) {
        if (args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0])) {
            final PrintStream to = args.length == 0 ? err : out;
            to.print(usage());
            return args.length == 0 ? USAGE : 0;
        }
        final Role role = roles.get(args[0]);
        if (role == null) {
            err.println(program + ": unknown role '" + args[0] + "'; use one of " + String.join(", ", roles.keySet()));
            return USAGE;
        }
        final String command = program + " " + args[0];
        final String[] rest = new String[args.length - 1];
        System.arraycopy(args, 1, rest, 0, rest.length);
        try {
            return role.run(command, rest, shutdown);
        } catch (final UsageException ex) {
            err.println(command + ": " + ex.getMessage());
            return USAGE;
        } catch (final ExampleException | ShimmyException | IOException ex) {
            err.println(command + ": " + ex.getMessage());
            debug(ex, err);
            return FAILURE;
        } catch (final InterruptedException ex) {
            err.println(command + ": interrupted");
            return FAILURE;
        } catch (final Exception ex) {
            err.println(command + ": unexpected error: " + ex);
            ex.printStackTrace(err);
            return FAILURE;
        }
    }

    private String usage() {
        final StringBuilder text = new StringBuilder();
        text.append("Usage: ").append(program).append(" ROLE [OPTIONS]\n").append(summary).append("\n\nRoles:\n");
        summaries.forEach((name, help) -> text.append(String.format(Locale.ROOT, "  %-10s %s%n", name, help)));
        text.append("\n").append(program).append(" ROLE --help lists the options of a role.\n");
        return text.toString();
    }

    private static void debug(final Exception ex, final PrintStream err) {
        if ("1".equals(System.getenv("SHIMMY_DEBUG"))) {
            ex.printStackTrace(err);
        }
    }
}
