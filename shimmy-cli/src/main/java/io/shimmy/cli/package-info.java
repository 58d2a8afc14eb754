/**
 * The {@code shimmy} command: {@link io.shimmy.cli.ShimmyCli} parses the command line (picocli) and maps errors to
 * one {@code shimmy: ...} line and an exit status; each subcommand (pub, sub, stream, list, stat, clean, demo, bench,
 * mirror) is a class of its own. The contract they follow is the project's CLI.md.
 */
package io.shimmy.cli;
