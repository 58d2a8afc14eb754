package io.shimmy.stream;

import io.shimmy.buffer.SharedBuffer;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The stream ring's single-producer single-consumer protocol, one connection per state ({@link StressStream}):
 * a writer against a reader across the end of the ring, end of stream against the last bytes, the futex
 * announcements of a reader sleeping for data and of a writer sleeping for room against the write or read that
 * should wake them, and a write racing {@code shutdownOutput} or {@code close} from another thread. Every byte
 * carries its stream position ({@link StressStream#at(long)}), so a torn, lost, duplicated or reordered byte shows.
 */
public final class StreamStress {
    /** Bytes of each write: two of them, or one and an end of stream, fit the ring's free space. */
    private static final int PIECE = 96;
    /** Where the ring stands when an actor starts: 64 bytes before its end, so the first piece wraps. */
    private static final int START = StressStream.CAPACITY - 64;

    private StreamStress() {
    }

    /**
     * Two writes, the first across the end of the ring, against a read and a zero-copy poll: the reader gets a
     * prefix of what was written, every byte right. The writer publishes at 64, 96 and 192 bytes: its first write
     * stops at the limit it cached (the read position it last saw plus the capacity), reloads it and writes the
     * rest. Results: bytes read, bytes polled, bytes wrong.
     */
    @JCStressTest
    @Outcome(id = {"0, 0, 0", "0, 64, 0", "0, 96, 0", "0, 192, 0", "64, 0, 0", "64, 32, 0", "64, 128, 0",
        "96, 0, 0", "96, 96, 0", "192, 0, 0"}, expect = ACCEPTABLE, desc = "a prefix of the writes, every byte right")
    @Outcome(expect = FORBIDDEN, desc = "a torn, lost, duplicated or reordered byte")
    @State
    public static class AcrossTheWrap {
        private final StressStream stream = new StressStream().advance(START);
        private final byte[] first = new byte[PIECE];
        private final byte[] second = new byte[PIECE];
        private final byte[] got = new byte[2 * PIECE];

        public AcrossTheWrap() {
            StressStream.fill(START, first, PIECE);
            StressStream.fill(START + PIECE, second, PIECE);
        }

        @Actor
        public void writer() {
            stream.write(first, PIECE);
            stream.write(second, PIECE);
        }

        @Actor
        public void reader(final III_Result r) {
            final int read = Math.max(0, stream.read(got, got.length));
            final Checker checker = new Checker(START + read);
            try {
                r.r2 = stream.reader.poll(checker, 2 * PIECE);
            } catch (final IOException ex) {
                r.r2 = -1;
            }
            r.r1 = read;
            r.r3 = checker.wrong + (StressStream.valid(START, got, read) ? 0 : 1);
        }

        @Arbiter
        public void close() {
            stream.close();
        }
    }

    /**
     * A write across the end of the ring (published at 64 and 96 bytes, as in {@link AcrossTheWrap}), then the
     * end of the output, against two reads: the end of stream is seen only after the last byte. Results: first
     * read, second read (bytes, or -1 for end of stream), bytes wrong.
     */
    @JCStressTest
    @Outcome(id = {"0, 0, 0", "0, 64, 0", "0, 96, 0", "64, 0, 0", "64, 32, 0", "96, 0, 0", "96, -1, 0"},
        expect = ACCEPTABLE, desc = "the bytes, then the end of stream, each seen or not yet")
    @Outcome(expect = FORBIDDEN, desc = "end of stream before the last byte, or a wrong byte")
    @State
    public static class EndOfStream {
        private final StressStream stream = new StressStream().advance(START);
        private final byte[] piece = new byte[PIECE];
        private final byte[] got = new byte[2 * PIECE];

        public EndOfStream() {
            StressStream.fill(START, piece, PIECE);
        }

        @Actor
        public void writer() {
            stream.write(piece, PIECE);
            try {
                stream.writer.shutdownOutput();
            } catch (final IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        @Actor
        public void reader(final III_Result r) {
            r.r1 = stream.read(got, got.length);
            final int before = Math.max(0, r.r1);
            r.r2 = stream.read(got, before, got.length - before);
            r.r3 = StressStream.valid(START, got, before + Math.max(0, r.r2)) ? 0 : 1;
        }

        @Arbiter
        public void close() {
            stream.close();
        }
    }

    /**
     * A reader on an empty ring that announces itself as a sleeper and re-checks ({@code ConnectionInput.announce},
     * as {@code --wait block} does before {@code FUTEX_WAIT}) against a write. A lost wake-up is a reader that would
     * sleep while the eventcount it would sleep on never moves. Results: the reader would sleep, and (if it would)
     * the eventcount moved after the reader read it.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the re-check saw the bytes: no sleep")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the re-check missed the bytes; the writer saw the sleeper")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "lost wake-up: a sleeping reader nobody wakes")
    @State
    public static class ReaderWakeUp {
        private final StressStream stream = new StressStream().advance(START);
        private final byte[] piece = new byte[PIECE];
        private long seen;

        public ReaderWakeUp() {
            StressStream.fill(START, piece, PIECE);
        }

        @Actor
        public void writer() {
            stream.write(piece, PIECE);
        }

        @Actor
        public void reader(final II_Result r) {
            seen = stream.reader.input().announce();
            r.r1 = seen == ConnectionInput.NO_SLEEP ? 0 : 1;
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = seen != ConnectionInput.NO_SLEEP && stream.dataEventcount() != (int)seen ? 1 : 0;
            stream.reader.input().withdraw();
            stream.close();
        }
    }

    /**
     * As {@link ReaderWakeUp}, against the end of the output instead of a write.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the re-check saw the end: no sleep")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the re-check missed the end; the writer saw the sleeper")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "lost wake-up: a sleeping reader nobody wakes")
    @State
    public static class ReaderWakeUpAtEndOfStream {
        private final StressStream stream = new StressStream().advance(START);
        private long seen;

        @Actor
        public void writer() {
            try {
                stream.writer.shutdownOutput();
            } catch (final IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        @Actor
        public void reader(final II_Result r) {
            seen = stream.reader.input().announce();
            r.r1 = seen == ConnectionInput.NO_SLEEP ? 0 : 1;
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = seen != ConnectionInput.NO_SLEEP && stream.dataEventcount() != (int)seen ? 1 : 0;
            stream.reader.input().withdraw();
            stream.close();
        }
    }

    /**
     * A writer on a full ring that stores the read position it waits for, announces itself as a sleeper and
     * re-checks ({@code ConnectionOutput.announce}) against a read that makes that much room. Results: the writer
     * would sleep, and (if it would) the eventcount moved after the writer read it.
     */
    @JCStressTest
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the re-check saw the room: no sleep")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the re-check missed the room; the reader saw the sleeper")
    @Outcome(id = "1, 0", expect = FORBIDDEN, desc = "lost wake-up: a writer sleeping for room nobody wakes")
    @State
    public static class WriterWakeUp {
        private final StressStream stream = new StressStream().advance(START);
        private final byte[] bytes = new byte[StressStream.CAPACITY];
        private long seen;

        public WriterWakeUp() {
            StressStream.fill(START, bytes, bytes.length);
            if (stream.write(bytes, bytes.length) != bytes.length) {
                throw new IllegalStateException("could not fill the ring");
            }
        }

        @Actor
        public void writer(final II_Result r) {
            stream.writer.output().want(PIECE);
            seen = stream.writer.output().announce();
            r.r1 = seen == ConnectionOutput.NO_SLEEP ? 0 : 1;
        }

        @Actor
        public void reader() {
            stream.read(bytes, 2 * PIECE);
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = seen != ConnectionOutput.NO_SLEEP && stream.spaceEventcount() != (int)seen ? 1 : 0;
            stream.writer.output().withdraw();
            stream.close();
        }
    }

    /**
     * A write across the end of the ring (two publications, as in {@link AcrossTheWrap}) racing
     * {@code shutdownOutput} from another thread: a write that reports its bytes written has them read before the
     * end of stream; one that fails may have delivered all, some (the first publication) or none of them.
     * Results: the write (bytes, -1 {@link AsynchronousCloseException}, -2 {@link ClosedChannelException}), bytes
     * the reader got before end of stream (-1 a wrong byte, -2 no end of stream).
     */
    @JCStressTest
    @Outcome(id = "96, 96", expect = ACCEPTABLE, desc = "the write came first, whole")
    @Outcome(id = "-2, 0", expect = ACCEPTABLE, desc = "the write came after the shutdown and was refused")
    @Outcome(id = {"-1, 0", "-1, 64", "-1, 96"}, expect = ACCEPTABLE_INTERESTING,
        desc = "the write raced the shutdown and failed; its bytes delivered, in part or not")
    @Outcome(expect = FORBIDDEN, desc = "a write reported written but not read before end of stream, or torn")
    @State
    public static class ShutdownVsWrite {
        private final StressStream stream = new StressStream().advance(START);
        private final byte[] piece = new byte[PIECE];

        public ShutdownVsWrite() {
            StressStream.fill(START, piece, PIECE);
        }

        @Actor
        public void writer(final II_Result r) {
            r.r1 = raceWrite(stream, piece);
        }

        @Actor
        public void closer() {
            try {
                stream.writer.shutdownOutput();
            } catch (final IOException ex) {
                throw new IllegalStateException(ex);
            }
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = stream.drain(START);
            stream.close();
        }
    }

    /**
     * As {@link ShutdownVsWrite}, racing {@code close} of the writing end.
     */
    @JCStressTest
    @Outcome(id = "96, 96", expect = ACCEPTABLE, desc = "the write came first, whole")
    @Outcome(id = "-2, 0", expect = ACCEPTABLE, desc = "the write came after the close and was refused")
    @Outcome(id = {"-1, 0", "-1, 64", "-1, 96"}, expect = ACCEPTABLE_INTERESTING,
        desc = "the write raced the close and failed; its bytes delivered, in part or not")
    @Outcome(expect = FORBIDDEN, desc = "a write reported written but not read before end of stream, or torn")
    @State
    public static class CloseVsWrite {
        private final StressStream stream = new StressStream().advance(START);
        private final byte[] piece = new byte[PIECE];

        public CloseVsWrite() {
            StressStream.fill(START, piece, PIECE);
        }

        @Actor
        public void writer(final II_Result r) {
            r.r1 = raceWrite(stream, piece);
        }

        @Actor
        public void closer() {
            stream.writer.close();
        }

        @Arbiter
        public void arbiter(final II_Result r) {
            r.r2 = stream.drain(START);
            stream.close();
        }
    }

    private static int raceWrite(final StressStream stream, final byte[] piece) {
        try {
            return stream.writer.write(piece, 0, piece.length);
        } catch (final AsynchronousCloseException ex) {
            return -1;
        } catch (final ClosedChannelException ex) {
            return -2;
        } catch (final IOException ex) {
            return -3;
        }
    }

    /** Checks polled bytes in place against the content, counting the wrong ones. */
    private static final class Checker implements StreamHandler {
        private long position;
        private int wrong;

        Checker(final long position) {
            this.position = position;
        }

        @Override
        public int onBytes(final SharedBuffer buffer, final int offset, final int length) {
            for (int i = 0; i < length; i++) {
                if (buffer.getByte(offset + i) != StressStream.at(position++)) {
                    wrong++;
                }
            }
            return length;
        }
    }
}
