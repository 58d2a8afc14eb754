package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes the topic file that {@link FormatCompatibilityTest} reads: {@value #NAME} with a 4 KiB ring, one publisher
 * slot, one subscriber slot and the three {@link #MESSAGES}. Not a test: run it by hand once per layout version and
 * check its output in as {@code src/test/resources/format/topic-vN.bin}; files of earlier versions stay, so that a
 * change of layout that forgets to bump the version fails their test.
 * <pre>
 *   java -cp shimmy-core/target/test-classes:shimmy-core/target/classes io.shimmy.topic.FormatFileGenerator OUT
 * </pre>
 */
public final class FormatFileGenerator {
    /** Name of the topic in the file, which must also be the file's name when it is opened. */
    static final String NAME = "format-v1";
    /** The messages in the file, in order. */
    static final byte[][] MESSAGES = {
        "first message".getBytes(StandardCharsets.US_ASCII),
        new byte[0],
        counting(200)};

    private FormatFileGenerator() {
    }

    static byte[] counting(final int length) {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte)i;
        }
        return bytes;
    }

    /**
     * Writes the file.
     *
     * @param args the output path.
     * @throws IOException if it cannot be written.
     */
    public static void main(final String[] args) throws IOException {
        final Path dir = Files.createTempDirectory("shimmy-format-");
        try {
            try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
                 Publication publication = shimmy.publication(NAME,
                     new TopicConfig().capacity(4096).maxPublishers(1).maxSubscribers(1))) {
                for (final byte[] message : MESSAGES) {
                    if (publication.offer(message, 0, message.length) < 0) {
                        throw new IllegalStateException("could not publish");
                    }
                }
            }
            Files.copy(dir.resolve(NAME), Path.of(args[0]), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
