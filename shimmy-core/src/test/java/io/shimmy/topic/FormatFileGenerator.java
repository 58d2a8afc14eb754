package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes the topic file that {@link FormatCompatibilityTest} reads: {@value #NAME} with a 4 KiB ring, one publisher
 * slot, one subscriber slot and the three {@link #MESSAGES}, copied while the subscriber {@value #SUBSCRIBER}, which
 * joined at the earliest position and read them all, still holds its slot (its heartbeat set to 0, an instant long
 * past on any machine, so that it looks dead wherever the file is read); the publisher has closed. Not a test: run
 * it by hand once per layout version and check its output in as {@code src/test/resources/format/topic-vN.bin};
 * files of earlier versions stay, and their test checks that they are refused.
 * <pre>
 *   java -cp shimmy-core/target/test-classes:shimmy-core/target/classes io.shimmy.topic.FormatFileGenerator OUT
 * </pre>
 */
public final class FormatFileGenerator {
    /** Name of the topic in the file, which must also be the file's name when it is opened. */
    static final String NAME = "format-v2";
    /** Name of the subscriber whose slot the file holds. */
    static final String SUBSCRIBER = "reader";
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
            try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
                final Publication publication = shimmy.publication(NAME,
                    new TopicConfig().capacity(4096).maxPublishers(1).maxSubscribers(1));
                final Subscription subscription = shimmy.subscription(NAME,
                    new SubscriptionConfig().name(SUBSCRIBER).start(StartPosition.EARLIEST));
                for (final byte[] message : MESSAGES) {
                    if (publication.offer(message, 0, message.length) < 0) {
                        throw new IllegalStateException("could not publish");
                    }
                }
                int read = 0;
                while (read < MESSAGES.length) {
                    final int count = subscription.poll((buffer, offset, length) -> { }, 10);
                    if (count < 0) {
                        throw new IllegalStateException("poll returned " + count);
                    }
                    read += count;
                }
                publication.close();
                final Path out = Path.of(args[0]);
                Files.copy(dir.resolve(NAME), out, StandardCopyOption.REPLACE_EXISTING);
                try (FileChannel channel = FileChannel.open(out, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.allocate(8),
                        TopicDescriptor.subscribersOffset(1) + TopicDescriptor.SLOT_HEARTBEAT_OFFSET);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
