package io.shimmy;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Puts {@code @TempDir} directories on {@code /dev/shm}, the tmpfs that channel files live on in production, when
 * the machine has one; elsewhere the default temporary directory. Configured as the default in
 * {@code junit-platform.properties}.
 */
public final class ShmTempDirFactory implements TempDirFactory {
    private static final Path SHM = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(final AnnotatedElementContext elementContext,
        final ExtensionContext extensionContext) throws Exception {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            return Files.createTempDirectory(SHM, "shimmy-core-test-");
        }
        return Files.createTempDirectory("shimmy-core-test-");
    }
}
