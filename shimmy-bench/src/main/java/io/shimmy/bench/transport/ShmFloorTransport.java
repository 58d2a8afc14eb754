package io.shimmy.bench.transport;

import io.shimmy.bench.harness.Link;
import io.shimmy.bench.harness.Receiver;
import io.shimmy.bench.harness.Setup;
import io.shimmy.bench.harness.Transport;
import io.shimmy.bench.harness.Wait;
import io.shimmy.buffer.SharedBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The floor: the least that moving a message through shared memory can cost, to measure the others against.
 * <ul>
 * <li>Latency: one {@code long} ping-pong. The client stores the sequence number plus one in the ping word with
 * release; the server spins on it with acquire loads and stores what it read in the pong word, on which the client
 * spins. Two cache-line transfers per round trip, nothing else: the message size is ignored (results say 8 B).</li>
 * <li>Throughput: a bare single-producer single-consumer ring per server, of fixed slots of the message size
 * (rounded up to 8), with head and tail counters on their own cache lines that each side reads only when its cached
 * copy says the ring is full or empty (Lamport's queue with cached indexes). No headers, no framing, no
 * multi-producer support, no liveness: a ceiling, not a transport.</li>
 * </ul>
 * Layout of either file: the first counter at 0, the second at {@link #SECOND_OFFSET}, slots from
 * {@link #SLOTS_OFFSET}; ping-pong files have no slots.
 */
public final class ShmFloorTransport implements Transport {
    /** Offset of the ping word, or of the ring's head (the producer's count of messages written). */
    public static final int FIRST_OFFSET = 0;
    /** Offset of the pong word, or of the ring's tail (the consumer's count of messages read): a line pair on. */
    public static final int SECOND_OFFSET = 128;
    /** Offset of the ring's first slot. */
    public static final int SLOTS_OFFSET = 256;

    @Override
    public Link server(final Setup setup, final int index) throws IOException {
        if (setup.duplex()) {
            return new PingPong(MappedFiles.create(pingPongFile(setup), SLOTS_OFFSET), false);
        }
        final Ring ring = new Ring(setup);
        return new RingReader(MappedFiles.create(ringFile(setup, index), ring.fileLength()), ring);
    }

    @Override
    public Link client(final Setup setup) throws IOException {
        if (setup.duplex()) {
            return new PingPong(MappedFiles.open(pingPongFile(setup), SLOTS_OFFSET), true);
        }
        final Ring ring = new Ring(setup);
        final SharedBuffer[] buffers = new SharedBuffer[setup.servers()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = MappedFiles.open(ringFile(setup, i), ring.fileLength());
        }
        return new RingWriter(buffers, ring, setup.waitMode());
    }

    private static Path pingPongFile(final Setup setup) {
        return setup.dir().resolve("floor");
    }

    private static Path ringFile(final Setup setup, final int index) {
        return setup.dir().resolve("floor-ring-" + index);
    }

    /** Geometry of a throughput ring. */
    private record Ring(int slotLength, int slots) {
        Ring(final Setup setup) {
            this((setup.messageLength() + 7) & ~7, Integer.highestOneBit(setup.capacity() /
                ((setup.messageLength() + 7) & ~7)));
        }

        int fileLength() {
            return SLOTS_OFFSET + slotLength * slots;
        }

        int offset(final long index) {
            return SLOTS_OFFSET + (int)(index & (slots - 1)) * slotLength;
        }
    }

    /** Both sides of the ping-pong. */
    private static final class PingPong implements Link {
        private final SharedBuffer buffer;
        private final int sendOffset;
        private final int receiveOffset;
        private long last;

        PingPong(final SharedBuffer buffer, final boolean client) {
            this.buffer = buffer;
            this.sendOffset = client ? FIRST_OFFSET : SECOND_OFFSET;
            this.receiveOffset = client ? SECOND_OFFSET : FIRST_OFFSET;
        }

        @Override
        public boolean offer(final ByteBuffer message, final int length) {
            buffer.putLongRelease(sendOffset, message.getLong(0) + 1);
            return true;
        }

        @Override
        public int poll(final Receiver receiver, final int limit) {
            final long value = buffer.getLongAcquire(receiveOffset);
            if (value == last) {
                return 0;
            }
            last = value;
            receiver.onMessage(value - 1);
            return 1;
        }

        @Override
        public int echo(final int limit) {
            final long value = buffer.getLongAcquire(receiveOffset);
            if (value == last) {
                return 0;
            }
            last = value;
            buffer.putLongRelease(sendOffset, value);
            return 1;
        }

        @Override
        public void close() {
        }
    }

    /** The producer of one ring per server. */
    private static final class RingWriter implements Link {
        private final SharedBuffer[] buffers;
        private final Ring ring;
        private final long[] heads;
        private final long[] cachedTails;
        private final boolean yield;

        RingWriter(final SharedBuffer[] buffers, final Ring ring, final Wait wait) {
            this.buffers = buffers;
            this.ring = ring;
            this.heads = new long[buffers.length];
            this.cachedTails = new long[buffers.length];
            this.yield = wait != Wait.SPIN;
        }

        @Override
        public boolean offer(final ByteBuffer message, final int length) {
            for (int i = 0; i < buffers.length; i++) {
                final SharedBuffer buffer = buffers[i];
                final long head = heads[i];
                while (head - cachedTails[i] >= ring.slots()) {
                    cachedTails[i] = buffer.getLongAcquire(SECOND_OFFSET);
                    if (head - cachedTails[i] >= ring.slots()) {
                        if (yield) {
                            Thread.yield();
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                }
                buffer.putBytes(ring.offset(head), message, 0, length);
                heads[i] = head + 1;
                buffer.putLongRelease(FIRST_OFFSET, head + 1);
            }
            return true;
        }

        @Override
        public int poll(final Receiver receiver, final int limit) {
            return 0;
        }

        @Override
        public int echo(final int limit) {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    /** The consumer of its server's ring. */
    private static final class RingReader implements Link {
        private final SharedBuffer buffer;
        private final Ring ring;
        private long tail;
        private long cachedHead;

        RingReader(final SharedBuffer buffer, final Ring ring) {
            this.buffer = buffer;
            this.ring = ring;
        }

        @Override
        public boolean offer(final ByteBuffer message, final int length) {
            throw new UnsupportedOperationException("a floor ring's reader does not send");
        }

        @Override
        public int poll(final Receiver receiver, final int limit) {
            if (tail == cachedHead) {
                cachedHead = buffer.getLongAcquire(FIRST_OFFSET);
                if (tail == cachedHead) {
                    return 0;
                }
            }
            final int count = (int)Math.min(limit, cachedHead - tail);
            for (int i = 0; i < count; i++) {
                receiver.onMessage(buffer.getLong(ring.offset(tail + i)));
            }
            tail += count;
            buffer.putLongRelease(SECOND_OFFSET, tail);
            return count;
        }

        @Override
        public int echo(final int limit) {
            throw new UnsupportedOperationException("a floor ring's reader does not echo");
        }

        @Override
        public void close() {
        }
    }
}
