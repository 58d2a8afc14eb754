package io.shimmy.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs the {@code shimmy} command in this JVM for the inspection fuzz tests.
 */
public final class Inspection {
    private Inspection() {
    }

    /**
     * Runs {@code shimmy} and fails unless it printed (exit 0, nothing on stderr) or refused in one {@code shimmy: }
     * line with exit 1, without an internal error.
     *
     * @param args the command line.
     */
    public static void runPrintingOrRefusing(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = ShimmyCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int status = commandLine.execute(args);
        final String error = err.toString();
        if (status == 0 ? !error.isEmpty() : status != 1 || !error.startsWith("shimmy: ") ||
            error.strip().contains("\n") || error.contains("internal error")) {
            throw new AssertionError("shimmy " + String.join(" ", args) + " exited " + status + " with " + error);
        }
    }
}
