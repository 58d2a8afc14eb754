package io.shimmy.mirror;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts {@code @TempDir} directories on {@code /dev/shm} when the machine has one, where channel files live in
 * production. Configured as the default in {@code junit-platform.properties}.
 */
public final class ShmTempDirFactory implements TempDirFactory {
    private static final Path SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(final AnnotatedElementContext elementContext,
        final ExtensionContext extensionContext) throws Exception {
        return Files.isDirectory(SHM) && Files.isWritable(SHM) ? Files.createTempDirectory(SHM, "shimmy-rdma-test-") :
            Files.createTempDirectory("shimmy-rdma-test-");
    }
}
