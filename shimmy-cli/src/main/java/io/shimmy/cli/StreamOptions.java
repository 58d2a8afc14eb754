package io.shimmy.cli;

import picocli.CommandLine.Option;

/**
 * The options {@code shimmy stream listen} and {@code connect} share.
 */
final class StreamOptions {
    @Option(names = "--wait", paramLabel = "spin|yield|backoff|block", converter = SubCommand.WaitConverter.class,
        description = "How to wait for bytes and for room: spin, yield, backoff (default) or block.")
    String waitName = "backoff";

    @Option(names = "--mode", paramLabel = "OCTAL", converter = ModeConverter.class,
        description = "Permissions of the files created, e.g. 0660 when the other end runs as another user of " +
            "the group. Default: $SHIMMY_MODE, else 0600.")
    String mode;
}
