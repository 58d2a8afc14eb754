package io.shimmy.topic;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.buffer.SharedBuffer;
import io.shimmy.stream.Payload;
import io.shimmy.stream.PeerDeadException;
import io.shimmy.stream.StreamConfig;
import io.shimmy.stream.StreamConnection;
import io.shimmy.stream.StreamListener;
import io.shimmy.wait.WaitStrategy;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The main class of the child JVMs that {@link CrashTest} kills with SIGKILL (started by {@link ChildJvm}). Each
 * command works on a topic or a stream until it is killed, printing {@code READY} when it is under way and
 * {@code BAD ...} if it ever receives a message that is torn or out of order, or a wrong byte.
 * <pre>
 *   publish DIR TOPIC ID MAX_LENGTH offer|claim   publishes self-checking messages of mixed lengths until killed,
 *                                                 by copy or zero-copy (written in 64-byte pieces, then committed;
 *                                                 again if reclaimed); READY names its slot and the slot's count
 *                                                 of committed messages when it joined
 *   subscribe DIR TOPIC                           polls and checks every message until killed
 *   join-leave DIR TOPIC                          joins (latest or earliest), polls a little, leaves, again
 *   sleep DIR TOPIC                               subscribes with the blocking wait and sleeps on the futex
 *   stream-write DIR STREAM                       connects, writes content 1 in random pieces until killed
 *   stream-read DIR STREAM                        connects, reads and checks content 2 until killed
 *   stream-accept DIR STREAM LIVENESS_MS          listens; reads each connection's content (its id is the seed) to
 *                                                 the end, checks it, answers the count of bytes, closes, again
 *   stream-connect DIR STREAM                     connects, writes up to 256 KiB of content (the connection id is
 *                                                 the seed), ends the output, checks the answer, closes, again
 *   stream-sleep DIR STREAM read|write            connects with the blocking wait and sleeps on the futex: for
 *                                                 data that never comes, or for room after filling the ring
 * </pre>
 * Stream commands print {@code READY} once connected (naming the connection) or listening.
 */
public final class CrashChild {
    /** Seed of the content that {@code stream-write} writes. */
    public static final long STREAM_WRITER_SEED = 1;
    /** Seed of the content that {@code stream-read} expects. */
    public static final long STREAM_READER_SEED = 2;

    private CrashChild() {
    }

    /**
     * Runs one command until killed.
     *
     * @param args the command and its arguments.
     */
    public static void main(final String[] args) throws IOException {
        ChildProcess.exitWithParent();
        final Path dir = Path.of(args[1]);
        final String topic = args[2];
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir))) {
            switch (args[0]) {
                case "publish" -> publish(shimmy, topic, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    "claim".equals(args[5]));
                case "subscribe" -> subscribe(shimmy, topic);
                case "join-leave" -> joinAndLeave(shimmy, topic);
                case "sleep" -> sleep(shimmy, topic);
                case "stream-write" -> streamWrite(shimmy, topic);
                case "stream-read" -> streamRead(shimmy, topic);
                case "stream-accept" -> streamAccept(shimmy, topic, Long.parseLong(args[3]));
                case "stream-connect" -> streamConnect(shimmy, topic);
                case "stream-sleep" -> streamSleep(shimmy, topic, "write".equals(args[3]));
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
    }

    private static void publish(final Shimmy shimmy, final String topic, final int id, final int maxLength,
        final boolean zeroCopy) {
        final Publication publication = shimmy.publication(topic);
        final Random random = new Random(id);
        final byte[] message = new byte[maxLength];
        final BufferClaim claim = new BufferClaim();
        final long pid = ProcessHandle.current().pid();
        final TopicStatus.Party self = TopicStatus.read(shimmy.context().dir(), topic).publishers().stream()
            .filter(party -> party.pid() == pid).findFirst().orElseThrow();
        say("READY slot=" + self.slot() + " base=" + self.messages());
        for (long sequence = 0; ; sequence++) {
            final int length = TestMessages.MIN_LENGTH + random.nextInt(maxLength - TestMessages.MIN_LENGTH + 1);
            TestMessages.encode(message, id, sequence, length);
            if (zeroCopy) {
                long committed;
                do {
                    while (publication.tryClaim(length, claim) < 0) {
                        Thread.onSpinWait();
                    }
                    for (int at = 0; at < length; at += 64) {
                        claim.buffer().putBytes(claim.offset() + at, message, at, Math.min(64, length - at));
                    }
                    committed = claim.commit();
                } while (committed == Publication.CLAIM_RECLAIMED);
            } else {
                while (publication.offer(message, 0, length) < 0) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    private static void subscribe(final Shimmy shimmy, final String topic) {
        final Subscription subscription = shimmy.subscription(topic);
        final Checker checker = new Checker(subscription.maxMessageLength());
        say("READY");
        final WaitStrategy wait = subscription.newWaitStrategy();
        while (true) {
            final int polled = subscription.poll(checker, 32);
            if (polled < 0) {
                say("BAD poll returned " + polled);
            }
            wait.idle(polled);
        }
    }

    private static void joinAndLeave(final Shimmy shimmy, final String topic) {
        final Random random = new Random();
        say("READY");
        for (int round = 0; ; round++) {
            try (Subscription subscription = shimmy.subscription(topic, new SubscriptionConfig()
                .start(random.nextBoolean() ? StartPosition.LATEST : StartPosition.EARLIEST))) {
                final Checker checker = new Checker(subscription.maxMessageLength());
                for (int i = 0; i < random.nextInt(20); i++) {
                    if (subscription.poll(checker, 8) < 0) {
                        say("BAD poll failed");
                    }
                }
            }
        }
    }

    private static void sleep(final Shimmy shimmy, final String topic) {
        final Subscription subscription = shimmy.subscription(topic, new SubscriptionConfig().waitStrategy("block"));
        final Checker checker = new Checker(subscription.maxMessageLength());
        final WaitStrategy wait = subscription.newWaitStrategy();
        say("READY");
        while (true) {
            wait.idle(subscription.poll(checker, 32));
        }
    }

    private static void streamWrite(final Shimmy shimmy, final String stream) throws IOException {
        final StreamConnection connection = shimmy.connect(stream);
        say("READY " + connection.name());
        final Random random = new Random();
        final byte[] piece = new byte[64 * 1024];
        for (long position = 0; ; ) {
            final int length = 1 + random.nextInt(piece.length);
            Payload.fill(STREAM_WRITER_SEED, position, piece, 0, length);
            connection.write(piece, 0, length);
            position += length;
        }
    }

    private static void streamRead(final Shimmy shimmy, final String stream) throws IOException {
        final StreamConnection connection = shimmy.connect(stream);
        say("READY " + connection.name());
        final Payload.Checker checker = new Payload.Checker(STREAM_READER_SEED);
        final Random random = new Random();
        final byte[] piece = new byte[64 * 1024];
        while (true) {
            final int n = connection.read(piece, 0, 1 + random.nextInt(piece.length));
            checker.check(piece, 0, n);
            if (checker.firstBad() >= 0 || n < 0) {
                say("BAD " + (n < 0 ? "end of stream" : "byte " + checker.firstBad()) + " of the survivor");
                return;
            }
        }
    }

    private static void streamAccept(final Shimmy shimmy, final String stream, final long livenessMs)
        throws IOException {
        final StreamListener listener = shimmy.listen(stream, new StreamConfig()
            .livenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(livenessMs)));
        say("READY " + listener.name());
        final byte[] piece = new byte[64 * 1024];
        while (true) {
            try (StreamConnection connection = listener.accept()) {
                final Payload.Checker checker = new Payload.Checker(connection.id());
                int n;
                while ((n = connection.read(piece, 0, piece.length)) >= 0) {
                    checker.check(piece, 0, n);
                }
                if (checker.firstBad() >= 0) {
                    say("BAD byte " + checker.firstBad() + " of " + connection.name());
                }
                ByteBuffer.wrap(piece).order(ByteOrder.LITTLE_ENDIAN).putLong(0, checker.received());
                connection.write(piece, 0, Long.BYTES);
            } catch (final PeerDeadException ex) {
                // the survivor gave up on this connection; serve the next one
            }
        }
    }

    private static void streamConnect(final Shimmy shimmy, final String stream) throws IOException {
        final Random random = new Random();
        final byte[] piece = new byte[64 * 1024];
        say("READY");
        while (true) {
            try (StreamConnection connection = shimmy.connect(stream)) {
                final long length = random.nextInt(256 * 1024);
                for (long position = 0; position < length; ) {
                    final int n = (int)Math.min(length - position, 1 + random.nextInt(piece.length));
                    Payload.fill(connection.id(), position, piece, 0, n);
                    connection.write(piece, 0, n);
                    position += n;
                }
                connection.shutdownOutput();
                final long answer = readLong(connection, piece);
                if (answer != length) {
                    say("BAD the listener counted " + answer + " of " + length + " bytes on " + connection.name());
                }
            }
        }
    }

    private static void streamSleep(final Shimmy shimmy, final String stream, final boolean write) throws IOException {
        final StreamConnection connection = shimmy.connect(stream, new StreamConfig().waitStrategy("block"));
        say("READY " + connection.name());
        final byte[] piece = new byte[connection.capacity() + 1];
        if (write) {
            Payload.fill(STREAM_WRITER_SEED, 0, piece, 0, piece.length);
            connection.write(piece, 0, piece.length);
        } else {
            connection.read(piece, 0, piece.length);
        }
        say("BAD the survivor woke the sleeper, which it must not do");
    }

    /**
     * Reads an 8-byte little-endian answer.
     *
     * @param connection to read.
     * @param scratch at least 8 bytes to read into.
     * @return the answer.
     * @throws IOException if the connection fails, or ends before 8 bytes.
     */
    public static long readLong(final StreamConnection connection, final byte[] scratch) throws IOException {
        int got = 0;
        while (got < Long.BYTES) {
            final int n = connection.read(scratch, got, Long.BYTES - got);
            if (n < 0) {
                throw new EOFException("end of stream after " + got + " bytes of an 8-byte answer");
            }
            got += n;
        }
        return ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** Checks each message's checksum, and that each publisher's sequences only grow. */
    private static final class Checker implements MessageHandler {
        private final MessageVerifier verifier;
        private long reported;

        Checker(final int maxLength) {
            verifier = new MessageVerifier(maxLength, true);
        }

        @Override
        public void onMessage(final SharedBuffer buffer, final int offset, final int length) {
            verifier.onMessage(buffer, offset, length);
            final long bad = verifier.badChecksums() + verifier.outOfOrder();
            if (bad > reported) {
                reported = bad;
                say("BAD " + verifier.summary());
            }
        }
    }

    private static void say(final String line) {
        System.out.println(line);
        System.out.flush();
    }
}
