package io.shimmy.wait;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class FutexFallbackTest {
    @TempDir
    Path dir;

    @Test
    void shouldDegradeBlockToBackoffWithOneWarningWhereJnrFfiCannotLoad() throws Exception {
        final String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("jnr-ffi"))
            .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).isNotEqualTo(System.getProperty("java.class.path"));
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", classPath, NoFutexChild.class.getName(), dir.toString()).start();
        child.getOutputStream().close();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final List<String> err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
            .lines().collect(Collectors.toList());
        assertThat(child.exitValue()).as(out + err).isZero();
        assertThat(out).contains("RECEIVED 2000 2000 futex=false");
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).startsWith("shimmy: warning: blocking wait unavailable (JNR-FFI could not bind libc")
            .endsWith("using backoff instead");
    }
}
