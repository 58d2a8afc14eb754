package io.shimmy.examples.common;

import io.shimmy.ChannelNotFoundException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class LauncherTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) {
        final Launcher launcher = new Launcher("demo", "A demo.")
            .role("ok", "succeeds", (command, rest, shutdown) -> 0)
            .role("usage", "bad usage", (command, rest, shutdown) -> {
                throw new UsageException("--rate 'x' is not a number");
            })
            .role("missing", "no channel", (command, rest, shutdown) -> {
                throw new ChannelNotFoundException("channel 'x' does not exist");
            })
            .role("io", "stream error", (command, rest, shutdown) -> {
                throw new IOException("the peer died");
            })
            .role("failed", "a check failed", (command, rest, shutdown) -> {
                throw new ExampleException("3 readings missing");
            });
        return launcher.run(args, Shutdown.manual(), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldExitZeroForASuccessfulRole() {
        assertThat(run("ok")).isZero();
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldPrintOneLineAndExitTwoForUsageErrors() {
        assertThat(run("usage")).isEqualTo(Launcher.USAGE);
        assertThat(err()).isEqualTo("demo usage: --rate 'x' is not a number\n");
        err.reset();
        assertThat(run("nope")).isEqualTo(Launcher.USAGE);
        assertThat(err()).isEqualTo("demo: unknown role 'nope'; use one of ok, usage, missing, io, failed\n");
        err.reset();
        assertThat(run()).isEqualTo(Launcher.USAGE);
        assertThat(err()).startsWith("Usage: demo ROLE [OPTIONS]");
    }

    @Test
    void shouldPrintOneLineAndExitOneForRuntimeFailures() {
        for (final String role : new String[] {"missing", "io", "failed"}) {
            err.reset();
            assertThat(run(role)).as(role).isEqualTo(Launcher.FAILURE);
            assertThat(err()).as(role).startsWith("demo " + role + ": ").endsWith("\n");
            assertThat(err().lines()).as(role).hasSize(1);
        }
    }

    @Test
    void shouldPrintTheRolesForHelp() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ok         succeeds", "ROLE --help");
    }
}
