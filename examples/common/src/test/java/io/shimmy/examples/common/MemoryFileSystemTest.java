package io.shimmy.examples.common;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MemoryFileSystemTest {
    @Test
    void shouldFindTheFileSystemOfADirectoryThatDoesNotExistYet() {
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")), "no /dev/shm here");
        assertThat(MemoryFileSystem.type(Path.of("/dev/shm/does-not-exist/either"))).isEqualTo("tmpfs");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(MemoryFileSystem.warnIfNotMemory("demo", Path.of("/dev/shm/x"),
            new PrintStream(err, true, StandardCharsets.UTF_8))).isFalse();
        assertThat(err.size()).isZero();
    }

    @Test
    void shouldWarnInOneLineAboutADiskBackedDirectory() {
        final Path disk = Path.of(System.getProperty("user.dir"));
        final String type = MemoryFileSystem.type(disk);
        assumeTrue(type != null && !type.equals("tmpfs") && !type.equals("ramfs"), "the build directory is " + type);
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(MemoryFileSystem.warnIfNotMemory("demo", disk, new PrintStream(err, true,
            StandardCharsets.UTF_8))).isTrue();
        assertThat(err.toString(StandardCharsets.UTF_8))
            .startsWith("demo: warning: channel directory " + disk + " is on a " + type + " file system")
            .contains("docs/containers.md").hasLineCount(1);
    }
}
