package io.shimmy.examples.containers;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * Runs examples/run-containers.sh: each example's image content, built from its Dockerfile, run as containers
 * (own mount, pid, ipc, net and uts namespaces, pid 1 each, different users of one group) that share only a tmpfs.
 * Skipped, with the script's reason, where namespaces cannot be made (not root).
 */
class ContainersIT {
    private static final int SKIPPED = 77;
    private static final long TIMEOUT_S = 300;

    @Test
    void shouldRunEachExampleAsContainersSharingOnlyATmpfs() throws IOException, InterruptedException {
        final Path script = Recipes.examples().resolve("run-containers.sh");
        final Path log = Path.of("target", "run-containers.log").toAbsolutePath();
        final Process process = new ProcessBuilder("bash", script.toString())
            .directory(Recipes.examples().getParent().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                fail("run-containers.sh did not finish within " + TIMEOUT_S + " s; see " + log + ":\n" + read(log));
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        final String output = read(log);
        System.out.println(output);
        if (process.exitValue() == SKIPPED) {
            final List<String> reason = output.lines().filter(line -> line.contains("SKIPPED")).toList();
            abort(reason.isEmpty() ? "run-containers.sh skipped" : reason.get(0));
        }
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("run-containers: PASS sensors", "run-containers: PASS frames",
            "run-containers: 2 passed, 0 failed");
    }

    private static String read(final Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }
}
