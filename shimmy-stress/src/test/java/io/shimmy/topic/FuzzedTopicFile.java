package io.shimmy.topic;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.region.Keepalive;
import io.shimmy.stress.FuzzedFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The file under fuzz: a real topic file ({@link #TEMPLATE}, made once per JVM with a few messages, a subscriber
 * that read some of them, and an error-log entry) with fuzzer-chosen bytes written over one region, stored as
 * {@link #NAME} in a private directory on the tmpfs for the code under test to open. Also the checks every fuzz test
 * makes afterwards: the file kept its size and nothing else appeared in the directory.
 */
public final class FuzzedTopicFile {
    /** Name of the topic file under fuzz. */
    public static final String NAME = "fuzzed";
    /** Ring capacity of the template. */
    public static final int CAPACITY = 4096;
    /** Max message length of the template. */
    public static final int MAX_MESSAGE = 512;
    /** Publisher and subscriber slots of the template. */
    public static final int SLOTS = 4;
    /** A closed keepalive: no thread, heartbeats stay as the fuzzer wrote them. */
    static final Keepalive KEEPALIVE = closedKeepalive();
    /** The directory of the file under fuzz. */
    public static final Path DIR = FuzzedFiles.DIR;
    /** The bytes of a healthy topic file. */
    public static final byte[] TEMPLATE = template();
    /** Offset of the ring in the template. */
    public static final int RING = TopicDescriptor.ringOffset(SLOTS, SLOTS);

    private FuzzedTopicFile() {
    }

    /**
     * Stores bytes as the file under fuzz, replacing the previous one (whose mappings stay valid).
     *
     * @param bytes the file's content.
     * @return its path.
     */
    public static Path store(final byte[] bytes) {
        return FuzzedFiles.store(NAME, bytes);
    }

    /**
     * Fails unless the file under fuzz has the given length and is alone in its directory: nothing was written
     * outside it.
     *
     * @param length it must have.
     */
    public static void assertContained(final long length) {
        FuzzedFiles.assertContained(Map.of(NAME, length));
        if (!Files.exists(DIR.resolve(NAME))) {
            throw new AssertionError(NAME + " was removed");
        }
    }

    /**
     * Fails unless a region of the file under fuzz still holds the given bytes.
     *
     * @param expected the bytes the region must hold.
     * @param from first byte of the region.
     * @param to end of the region (exclusive).
     */
    public static void assertUnchanged(final byte[] expected, final int from, final int to) {
        FuzzedFiles.assertUnchanged(NAME, expected, from, to);
    }

    /**
     * Checks what a handler was given: a payload inside the buffer, never longer than the topic's maximum, and
     * (when it is the mapped file) inside the ring.
     *
     * @param topic the topic read.
     * @param buffer given to the handler.
     * @param offset given to the handler.
     * @param length given to the handler.
     */
    static void assertPayloadInBounds(final TopicFile topic, final SharedBuffer buffer, final int offset,
        final int length) {
        if (length < 0 || length > topic.maxMessageLength() || offset < 0 || offset + length > buffer.capacity()) {
            throw new AssertionError("handler given offset " + offset + " length " + length + " in a buffer of " +
                buffer.capacity());
        }
        if (buffer.capacity() == topic.buffer().capacity() &&
            (offset < topic.ringOffset() + RecordDescriptor.HEADER_LENGTH ||
                offset + length > topic.ringOffset() + topic.capacity())) {
            throw new AssertionError("handler given bytes outside the ring: offset " + offset + " length " + length);
        }
    }

    /**
     * Uses an opened topic the way applications do, in an order the fuzzer chooses: a publication and a
     * subscription (if slots can be had), offers, polls, a reclaim where the subscription waits, a status snapshot.
     * Every call must return a documented result or throw a Shimmy exception.
     *
     * @param topic opened from the file under fuzz.
     * @param data the rest of the fuzzer's input.
     */
    static void exercise(final TopicFile topic, final FuzzedDataProvider data) {
        final MessageHandler checker = (buffer, offset, length) -> assertPayloadInBounds(topic, buffer, offset, length);
        final ControlledMessageHandler controlled = (buffer, offset, length) -> {
            assertPayloadInBounds(topic, buffer, offset, length);
            return ControlledMessageHandler.Action.values()[length % 4 == 0 ? 0 : length % 3];
        };
        final Publication publication = optional(() -> new Publication(topic, KEEPALIVE));
        final Subscription subscription = optional(() -> new Subscription(topic, KEEPALIVE,
            new SubscriptionConfig().start(data.consumeBoolean() ? StartPosition.EARLIEST : StartPosition.LATEST),
            "spin"));
        final byte[] message = new byte[MAX_MESSAGE + 8];
        final int steps = data.consumeInt(0, 24);
        for (int i = 0; i < steps; i++) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> {
                    if (subscription != null) {
                        expectPoll(subscription.poll(checker, data.consumeInt(1, 64)));
                    }
                }
                case 1 -> {
                    if (subscription != null) {
                        expectPoll(subscription.controlledPoll(controlled, data.consumeInt(1, 64)));
                    }
                }
                case 2 -> {
                    if (publication != null) {
                        final long result = publication.offer(message, 0, data.consumeInt(0, message.length));
                        if (result < 0 && result != Publication.BACK_PRESSURED &&
                            result != Publication.MESSAGE_TOO_LARGE && result != Publication.CHANNEL_FAILED) {
                            throw new AssertionError("offer returned " + result);
                        }
                    }
                }
                default -> {
                    if (subscription != null && topic.tail() > subscription.position()) {
                        topic.reclaim(subscription.position(), topic.tail());
                    }
                }
            }
        }
        TopicStatus.of(topic);
        if (publication != null) {
            publication.close();
        }
        if (subscription != null) {
            subscription.close();
        }
    }

    private static void expectPoll(final int result) {
        if (result < 0 && result != Subscription.CHANNEL_FAILED) {
            throw new AssertionError("poll returned " + result);
        }
    }

    private static <T> T optional(final java.util.function.Supplier<T> opener) {
        try {
            return opener.get();
        } catch (final io.shimmy.ShimmyException refused) {
            // all slots held by live parties, or a replica refusing publishers: a clear refusal
            return null;
        }
    }

    private static byte[] template() {
        final TopicConfig config = new TopicConfig().capacity(CAPACITY).maxMessageLength(MAX_MESSAGE)
            .maxPublishers(SLOTS).maxSubscribers(SLOTS);
        try (TopicFile topic = TopicFile.open(DIR, NAME, config, true, PosixFilePermissions.fromString("rw-------"),
            false)) {
            final Publication publication = new Publication(topic, KEEPALIVE);
            final Subscription subscription = new Subscription(topic, KEEPALIVE, new SubscriptionConfig()
                .name("fuzz"), "spin");
            final byte[] message = new byte[300];
            for (int i = 0; i < 12; i++) {
                TestMessages.encode(message, 1, i, 20 + 25 * i);
                publication.offer(message, 0, 20 + 25 * i);
                if (i == 7) {
                    subscription.poll((buffer, offset, length) -> { }, 100);
                }
            }
            topic.errorLog().record("an entry written by the fuzz template");
            final byte[] bytes = Files.readAllBytes(DIR.resolve(NAME));
            Files.delete(DIR.resolve(NAME));
            return bytes;
        } catch (final IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static Keepalive closedKeepalive() {
        final Keepalive keepalive = new Keepalive();
        keepalive.close();
        return keepalive;
    }
}
