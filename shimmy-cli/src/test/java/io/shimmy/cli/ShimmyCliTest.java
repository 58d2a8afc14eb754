package io.shimmy.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Command-line parsing and error reporting, in process: nothing here opens a channel.
 */
class ShimmyCliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine commandLine = ShimmyCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private void assertOneErrorLine(final String... fragments) {
        final String text = err.toString();
        assertThat(text).startsWith("shimmy: ").endsWith(System.lineSeparator());
        assertThat(text.strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(text).contains(fragments);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldRejectChannelNameWithSlashAsUsageError() {
        assertThat(run("pub", "a/b", "--dir", "/nonexistent/shimmy-test")).isEqualTo(2);
        assertOneErrorLine("channel name 'a/b'", "'/'", "try 'shimmy pub --help'");
    }

    @Test
    void shouldRejectNameStartingWithDot() {
        assertThat(run("sub", ".hidden", "--dir", "/nonexistent/shimmy-test")).isEqualTo(2);
        assertOneErrorLine("starts with '.'");
    }

    @Test
    void shouldRejectEmptyAndTooLongNames() {
        assertThat(run("stat", "", "--dir", "/nonexistent/shimmy-test")).isEqualTo(2);
        assertOneErrorLine("channel name is empty");
        err.getBuffer().setLength(0);
        assertThat(run("stat", "n".repeat(201), "--dir", "/nonexistent/shimmy-test")).isEqualTo(2);
        assertOneErrorLine("201 characters long");
    }

    @Test
    void shouldNameControlCharactersInBadNamesWithoutPrintingThem() {
        assertThat(run("stat", "a\nb", "--dir", "/nonexistent/shimmy-test")).isEqualTo(2);
        assertOneErrorLine("U+000A");
    }

    @Test
    void shouldRejectUnknownOption() {
        assertThat(run("sub", "t", "--bogus")).isEqualTo(2);
        assertOneErrorLine("unknown option: '--bogus'", "try 'shimmy sub --help'");
    }

    @Test
    void shouldRejectUnknownSubcommand() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertOneErrorLine("unknown subcommand 'frobnicate'", "try 'shimmy --help'");
    }

    @Test
    void shouldRejectMissingSubcommand() {
        assertThat(run()).isEqualTo(2);
        assertOneErrorLine("missing subcommand");
    }

    @Test
    void shouldRejectMissingTopic() {
        assertThat(run("pub")).isEqualTo(2);
        assertOneErrorLine("missing required parameter: 'TOPIC'");
    }

    @Test
    void shouldRejectBadSize() {
        assertThat(run("pub", "t", "--capacity", "12q")).isEqualTo(2);
        assertOneErrorLine("'--capacity'", "'12q' is not a size");
    }

    @Test
    void shouldRejectSizeThatDoesNotFitATopic() {
        assertThat(run("pub", "t", "--max-message", "4g")).isEqualTo(2);
        assertOneErrorLine("too large");
    }

    @Test
    void shouldRejectBadDuration() {
        assertThat(run("sub", "t", "--idle-timeout", "soon")).isEqualTo(2);
        assertOneErrorLine("'--idle-timeout'", "'soon' is not a duration");
    }

    @Test
    void shouldRejectBadMode() {
        assertThat(run("pub", "t", "--mode", "0755")).isEqualTo(2);
        assertOneErrorLine("'--mode'", "0755");
    }

    @Test
    void shouldRejectBadStartAndWaitValues() {
        assertThat(run("sub", "t", "--from", "middle")).isEqualTo(2);
        assertOneErrorLine("earliest or latest");
        err.getBuffer().setLength(0);
        assertThat(run("sub", "t", "--wait", "nap")).isEqualTo(2);
        assertOneErrorLine("spin, yield, backoff or block");
    }

    @Test
    void shouldAcceptDirBeforeOrAfterSubcommand() {
        assertThat(run("--dir", "/nonexistent/shimmy-test-a", "list")).isZero();
        assertThat(run("list", "--dir", "/nonexistent/shimmy-test-b")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldReportMissingTopicOnStatAsRuntimeError() {
        assertThat(run("stat", "absent", "--dir", "/nonexistent/shimmy-test")).isEqualTo(1);
        assertOneErrorLine("no channel 'absent' in /nonexistent/shimmy-test");
    }

    @Test
    void shouldPrintHelpForEverySubcommandAndExitZero() {
        for (final String command : new String[] {"pub", "sub", "list", "stat", "clean", "demo"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).contains("Usage: shimmy " + command).contains("--dir");
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldHideDemoChildrenFromHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("pub", "sub", "list", "stat", "clean", "demo")
            .doesNotContain("demo-ping").doesNotContain("demo-pong");
    }

    @Test
    void shouldFlattenMessagesToOneLine() {
        assertThat(ShimmyCli.oneLine("a\nb\r\nc\n")).isEqualTo("a b  c");
    }
}
