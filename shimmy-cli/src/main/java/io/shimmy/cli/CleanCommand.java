package io.shimmy.cli;

import io.shimmy.ChannelDirectory;
import io.shimmy.ChannelDirectory.Entry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code shimmy clean}: removes channels that no live process uses.
 */
@Command(name = "clean", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Remove channels that no live process uses.",
    description = {"Removes the channels that no live process uses (topics, stream listeners, stream connections " +
        "whose ends both died or closed), damaged channel files, and temporary files left by creators that died; " +
        "files that are not Shimmy's are left alone.",
        "Prints one line per file: 'removed NAME (reason)', or 'would remove NAME (reason)' with --dry-run."})
final class CleanCommand implements Callable<Integer> {
    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-n", "--dry-run"}, description = "Only print what would be removed.")
    private boolean dryRun;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        for (final Entry entry : ChannelDirectory.clean(parent.dir(), dryRun)) {
            out.println((dryRun ? "would remove " : "removed ") + ListCommand.printable(entry.name()) + " (" +
                reason(entry) + ")");
        }
        out.flush();
        return 0;
    }

    private static String reason(final Entry entry) {
        if (entry.problem() == null) {
            return (entry.kind() != null ? entry.kind().label() : "channel") + " not used by any live process";
        }
        final String problem = ShimmyCli.oneLine(entry.problem());
        final int advice = problem.indexOf("; ");
        return advice > 0 ? problem.substring(0, advice) : problem;
    }
}
