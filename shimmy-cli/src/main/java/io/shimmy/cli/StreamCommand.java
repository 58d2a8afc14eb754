package io.shimmy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code shimmy stream}: byte streams between two processes, {@code listen} on one side and {@code connect} on the
 * other.
 */
@Command(name = "stream", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
    header = "Copy standard input and output through a byte stream between two processes.",
    description = {"'shimmy stream listen NAME' accepts one connection; 'shimmy stream connect NAME' is the other " +
        "end. Each copies its standard input to the stream and the stream to its standard output, both directions " +
        "at once, as raw bytes, until both directions are closed; the end of one side's input is the end of the " +
        "other side's stream. If the other end dies (even by SIGKILL), the surviving end exits 1 within the " +
        "liveness timeout instead of hanging."},
    subcommands = {StreamListenCommand.class, StreamConnectCommand.class})
final class StreamCommand implements Callable<Integer> {
    @ParentCommand
    private ShimmyCli parent;

    @Spec
    private CommandSpec spec;

    /**
     * The top-level command, for the directory and the context.
     *
     * @return the {@code shimmy} command.
     */
    ShimmyCli root() {
        return parent;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: use listen or connect");
    }
}
