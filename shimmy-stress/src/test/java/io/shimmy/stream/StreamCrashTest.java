package io.shimmy.stream;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import io.shimmy.ShimmyException;
import io.shimmy.topic.ChildJvm;
import io.shimmy.topic.CrashChild;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGKILL of stream peers at random points: a writer mid-write, a reader mid-read, a writer asleep on the futex
 * for room and a reader asleep for data, a connector in the middle of its connections (while connecting, writing,
 * or waiting for the answer) and a listener in the middle of serving them. The survivor lives in the test's own
 * JVM and reads or writes while the child does. Every byte is the content of a seed at its stream position
 * ({@link Payload}), so a torn, lost, duplicated or reordered byte shows. Afterwards the survivor has read every
 * byte the dead peer wrote before dying (as many as the ring's write position says) and nothing else, and its
 * next call threw {@link PeerDeadException} within the liveness timeout (plus a margin for a loaded machine: the
 * time taken is printed). Each scenario runs {@code shimmy.crash.rounds} rounds (default 3; the full run uses 100,
 * see docs/reliability.md).
 */
@Timeout(value = 2, unit = TimeUnit.HOURS)
class StreamCrashTest {
    private static final int ROUNDS = Integer.getInteger("shimmy.crash.rounds", 3);
    private static final long LIVENESS_MS = 1000;
    /** How late past the liveness timeout a survivor may notice, on a machine loaded by other builds. */
    private static final long NOTICE_MARGIN_MS = 10_000;
    private static final Duration START = Duration.ofSeconds(60);
    private static final String STREAM = "crash";
    private static final String[] WAITS = {"spin", "backoff", "block"};

    @TempDir
    Path dir;
    private final Random random = new Random();
    private long slowestNoticeMs;
    /** When the child of the round was killed, 0 before. */
    private volatile long killedAtNs;

    private StreamConfig config(final String wait) {
        return new StreamConfig().capacity(16 * 1024).livenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(LIVENESS_MS))
            .waitStrategy(wait);
    }

    @Test
    void shouldReadEveryByteAWriterKilledMidWriteWroteThenReportItDead() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            final String wait = WAITS[random.nextInt(WAITS.length)];
            try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
                 StreamListener listener = shimmy.listen(STREAM, config(wait));
                 ChildJvm child = ChildJvm.start(CrashChild.class, "stream-write", dir.toString(), STREAM);
                 StreamConnection connection = listener.accept(TimeUnit.SECONDS.toNanos(60))) {
                assertThat(connection).as("the writer connected; %s", child.describe()).isNotNull();
                child.awaitLine("READY", START);
                final CompletableFuture<Outcome> reader = CompletableFuture.supplyAsync(() ->
                    readToDeath(connection, CrashChild.STREAM_WRITER_SEED));
                Thread.sleep(random.nextInt(300));
                final long killedAt = kill(child);
                final Outcome outcome = reader.get(LIVENESS_MS + NOTICE_MARGIN_MS + 30_000, TimeUnit.MILLISECONDS);
                assertDiedCleanly(outcome, killedAt, connection);
                assertThat(outcome.received).as("bytes read against the ring's write position")
                    .isEqualTo(ConnectionStatus.read(dir, connection.name()).toAcceptor().written());
            }
        }
        report("writers killed mid-write");
    }

    @Test
    void shouldReportAReaderKilledMidReadDeadToItsWriter() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            final String wait = WAITS[random.nextInt(WAITS.length)];
            try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
                 StreamListener listener = shimmy.listen(STREAM, config(wait));
                 ChildJvm child = ChildJvm.start(CrashChild.class, "stream-read", dir.toString(), STREAM);
                 StreamConnection connection = listener.accept(TimeUnit.SECONDS.toNanos(60))) {
                assertThat(connection).as("the reader connected; %s", child.describe()).isNotNull();
                child.awaitLine("READY", START);
                final CompletableFuture<Outcome> writer = CompletableFuture.supplyAsync(() ->
                    writeToDeath(connection, CrashChild.STREAM_READER_SEED));
                Thread.sleep(random.nextInt(300));
                final long killedAt = kill(child);
                final Outcome outcome = writer.get(LIVENESS_MS + NOTICE_MARGIN_MS + 30_000, TimeUnit.MILLISECONDS);
                assertThat(child.describe()).doesNotContain("BAD");
                assertDiedCleanly(outcome, killedAt, connection);
            }
        }
        report("readers killed mid-read");
    }

    @Test
    void shouldReportPeersKilledAsleepOnTheFutexDeadAndReadAllTheyWrote() throws Exception {
        int asleep = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            final boolean writing = round % 2 == 1;
            try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
                 StreamListener listener = shimmy.listen(STREAM, config(WAITS[random.nextInt(WAITS.length)]));
                 ChildJvm child = ChildJvm.start(CrashChild.class, "stream-sleep", dir.toString(), STREAM,
                     writing ? "write" : "read");
                 StreamConnection connection = listener.accept(TimeUnit.SECONDS.toNanos(60))) {
                assertThat(connection).as("the sleeper connected; %s", child.describe()).isNotNull();
                child.awaitLine("READY", START);
                if (awaitSleeper(connection, writing)) {
                    asleep++;
                }
                Thread.sleep(random.nextInt(300));
                final long killedAt = kill(child);
                final Outcome outcome = writing ? readToDeath(connection, CrashChild.STREAM_WRITER_SEED) :
                    writeToDeath(connection, CrashChild.STREAM_READER_SEED);
                assertThat(child.describe()).doesNotContain("BAD");
                assertDiedCleanly(outcome, killedAt, connection);
                if (writing) {
                    assertThat(outcome.received).as("the sleeping writer had filled the ring")
                        .isEqualTo(connection.capacity());
                }
            }
        }
        report("peers killed asleep on the futex (" + asleep + " seen announced as sleepers)");
    }

    @Test
    void shouldServeEveryConnectionOfAConnectorKilledAtRandomWholeOrReportItDead() throws Exception {
        int cut = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            killedAtNs = 0;
            try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
                 StreamListener listener = shimmy.listen(STREAM, config(WAITS[random.nextInt(WAITS.length)]));
                 ChildJvm child = ChildJvm.start(CrashChild.class, "stream-connect", dir.toString(), STREAM)) {
                child.awaitLine("READY", START);
                final CompletableFuture<Outcome> server = CompletableFuture.supplyAsync(() -> serve(listener));
                Thread.sleep(200 + random.nextInt(1000));
                final long killedAt = kill(child);
                final Outcome outcome = server.get(LIVENESS_MS + NOTICE_MARGIN_MS + 60_000, TimeUnit.MILLISECONDS);
                assertThat(child.describe()).doesNotContain("BAD");
                assertThat(outcome.firstBad).as("a wrong byte (%s)", outcome.failure).isEqualTo(-1);
                if (outcome.deadAtNs != 0) {
                    cut++;
                    notice(outcome, killedAt);
                } else {
                    assertThat(outcome.failure).as("how serving ended").isEqualTo("killed between connections");
                }
                assertThat(listener.accept(TimeUnit.MILLISECONDS.toNanos(2 * LIVENESS_MS)))
                    .as("a connection of the dead connector handed over after it died").isNull();
            }
        }
        System.out.println("crash suite: " + ROUNDS + " connectors killed at random, " + cut +
            " of them with a connection open; slowest notice " + slowestNoticeMs + " ms");
    }

    @Test
    void shouldReportAListenerKilledWhileServingDeadToItsConnector() throws Exception {
        int served = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
                 ChildJvm child = ChildJvm.start(CrashChild.class, "stream-accept", dir.toString(), STREAM,
                     String.valueOf(LIVENESS_MS))) {
                child.awaitLine("READY", START);
                final CompletableFuture<Outcome> client = CompletableFuture.supplyAsync(() -> connectToDeath(shimmy));
                Thread.sleep(200 + random.nextInt(1000));
                final long killedAt = kill(child);
                final Outcome outcome = client.get(LIVENESS_MS + NOTICE_MARGIN_MS + 60_000, TimeUnit.MILLISECONDS);
                assertThat(child.describe()).doesNotContain("BAD");
                assertThat(outcome.failure).as("the connector's last call").isNotNull();
                served += (int)outcome.received;
                if (outcome.deadAtNs != 0) {
                    notice(outcome, killedAt);
                }
            }
        }
        System.out.println("crash suite: " + ROUNDS + " listeners killed while serving, after " + served +
            " whole connections; slowest notice " + slowestNoticeMs + " ms");
    }

    /** Reads and checks a seed's content until the peer is reported dead. */
    private static Outcome readToDeath(final StreamConnection connection, final long seed) {
        final Payload.Checker checker = new Payload.Checker(seed);
        final byte[] piece = new byte[64 * 1024];
        final Random sizes = new Random();
        try {
            while (true) {
                final int n = connection.read(piece, 0, 1 + sizes.nextInt(piece.length));
                if (n < 0) {
                    return new Outcome(checker.received(), checker.firstBad(), 0, "end of stream");
                }
                checker.check(piece, 0, n);
            }
        } catch (final PeerDeadException ex) {
            return new Outcome(checker.received(), checker.firstBad(), System.nanoTime(), ex.getMessage());
        } catch (final IOException ex) {
            return new Outcome(checker.received(), checker.firstBad(), 0, ex.toString());
        }
    }

    /** Writes a seed's content in random pieces until the peer is reported dead. */
    private static Outcome writeToDeath(final StreamConnection connection, final long seed) {
        final byte[] piece = new byte[64 * 1024];
        final Random sizes = new Random();
        long position = 0;
        try {
            while (true) {
                final int length = 1 + sizes.nextInt(piece.length);
                Payload.fill(seed, position, piece, 0, length);
                position += connection.write(piece, 0, length);
            }
        } catch (final PeerDeadException ex) {
            return new Outcome(position, -1, System.nanoTime(), ex.getMessage());
        } catch (final IOException ex) {
            return new Outcome(position, -1, 0, ex.toString());
        }
    }

    /**
     * Accepts the child's connections as {@code stream-accept} does, until one ends with its connector dead:
     * reads each to the end, checking it, and answers the count.
     */
    private Outcome serve(final StreamListener listener) {
        final byte[] piece = new byte[64 * 1024];
        try {
            while (true) {
                try (StreamConnection connection = listener.accept(TimeUnit.MILLISECONDS.toNanos(100))) {
                    if (connection == null) {
                        final long killed = killedAtNs;
                        if (killed != 0 && System.nanoTime() - killed > TimeUnit.MILLISECONDS.toNanos(LIVENESS_MS)) {
                            return new Outcome(0, -1, 0, "killed between connections");
                        }
                        continue;
                    }
                    final Outcome outcome = readToDeath(connection, connection.id());
                    if (outcome.firstBad >= 0 || outcome.deadAtNs != 0) {
                        if (outcome.deadAtNs != 0) {
                            assertThat(outcome.received).as("bytes read against the ring's write position")
                                .isEqualTo(ConnectionStatus.read(dir, connection.name()).toAcceptor().written());
                        }
                        return outcome;
                    }
                    if (!"end of stream".equals(outcome.failure)) {
                        return outcome;
                    }
                    ByteBuffer.wrap(piece).order(ByteOrder.LITTLE_ENDIAN).putLong(0, outcome.received);
                    connection.write(piece, 0, Long.BYTES);
                }
            }
        } catch (final PeerDeadException ex) {
            return new Outcome(0, -1, System.nanoTime(), ex.getMessage());
        } catch (final IOException ex) {
            return new Outcome(0, -1, 0, ex.toString());
        }
    }

    /**
     * Connects to the child's listener as {@code stream-connect} does, again and again, until a call fails: the
     * count of connections answered right, and how the last one ended.
     */
    private Outcome connectToDeath(final Shimmy shimmy) {
        final byte[] piece = new byte[64 * 1024];
        final Random sizes = new Random();
        long served = 0;
        while (true) {
            try (StreamConnection connection = shimmy.connect(STREAM, new StreamConfig()
                .connectTimeoutNs(TimeUnit.MILLISECONDS.toNanos(3 * LIVENESS_MS))
                .waitStrategy(WAITS[sizes.nextInt(WAITS.length)]))) {
                final long length = sizes.nextInt(256 * 1024);
                for (long position = 0; position < length; ) {
                    final int n = (int)Math.min(length - position, 1 + sizes.nextInt(piece.length));
                    Payload.fill(connection.id(), position, piece, 0, n);
                    connection.write(piece, 0, n);
                    position += n;
                }
                connection.shutdownOutput();
                final long answer = CrashChild.readLong(connection, piece);
                if (answer != length) {
                    return new Outcome(served, answer, 0, "the listener counted " + answer + " of " + length);
                }
                served++;
            } catch (final PeerDeadException ex) {
                return new Outcome(served, -1, System.nanoTime(), ex.getMessage());
            } catch (final IOException | ShimmyException ex) {
                // the listener died before or while this connection was made: no listener, or no accept in time
                return new Outcome(served, -1, 0, ex.toString());
            }
        }
    }

    /**
     * Waits until the child announced itself as a sleeper: the connector asleep for data on the ring the acceptor
     * writes, or for room on the ring it writes.
     *
     * @return whether it did within 30 s.
     */
    private boolean awaitSleeper(final StreamConnection connection, final boolean writing) throws Exception {
        final int waiters = writing ?
            StreamDescriptor.CONNECTOR_CONTROL_OFFSET + StreamDescriptor.SPACE_WAITERS_OFFSET :
            StreamDescriptor.ACCEPTOR_CONTROL_OFFSET + StreamDescriptor.DATA_WAITERS_OFFSET;
        try (ConnectionFile raw = ConnectionFile.open(dir, connection.name(), true, false)) {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (raw.buffer().getIntVolatile(waiters) == 0) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(1);
            }
            return true;
        }
    }

    private long kill(final ChildJvm child) throws InterruptedException {
        killedAtNs = System.nanoTime();
        child.kill();
        return killedAtNs;
    }

    private void assertDiedCleanly(final Outcome outcome, final long killedAtNs, final StreamConnection connection) {
        assertThat(outcome.firstBad).as("the first wrong byte read from %s", connection.name()).isEqualTo(-1);
        assertThat(outcome.deadAtNs).as("the survivor's call ended with PeerDeadException, not: %s", outcome.failure)
            .isNotZero();
        notice(outcome, killedAtNs);
    }

    private void notice(final Outcome outcome, final long killedAtNs) {
        final long noticeMs = TimeUnit.NANOSECONDS.toMillis(outcome.deadAtNs - killedAtNs);
        slowestNoticeMs = Math.max(slowestNoticeMs, noticeMs);
        assertThat(noticeMs).as("ms from SIGKILL to PeerDeadException (liveness timeout %d ms)", LIVENESS_MS)
            .isLessThanOrEqualTo(LIVENESS_MS + NOTICE_MARGIN_MS);
    }

    private void report(final String what) {
        System.out.println("crash suite: " + ROUNDS + " stream " + what + ", every byte checked; slowest notice of " +
            "the death " + slowestNoticeMs + " ms (liveness timeout " + LIVENESS_MS + " ms)");
    }

    /**
     * How a survivor's run ended.
     *
     * @param received bytes read and checked (or written, or connections served).
     * @param firstBad stream position of the first wrong byte, -1 if none.
     * @param deadAtNs when {@link PeerDeadException} was thrown, 0 if it was not.
     * @param failure what ended the run.
     */
    private record Outcome(long received, long firstBad, long deadAtNs, String failure) {
    }
}
