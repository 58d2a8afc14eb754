package io.shimmy.mirror;

import io.shimmy.topic.Replica;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A one-sided transport inside one JVM, for testing the logic {@code ucx} and {@code disni} share
 * ({@link OneSidedLink}, {@link TailBoxes}, the receiver's checks) without UCX or an RDMA device. Memory is
 * "registered" in a process-wide table under made-up addresses; writes are queued and land later, while the sender
 * progresses, in random order and random pieces, as the bytes of real remote writes may.
 */
final class LoopbackTransport implements Transport {
    static final String NAME = "loopback";
    private static final Map<Long, ByteBuffer> MEMORY = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong(1);

    private static long register(final ByteBuffer buffer) {
        final long base = NEXT.getAndIncrement() << 32;
        MEMORY.put(base, buffer);
        return base;
    }

    private static ByteBuffer resolve(final long address, final int length) {
        final ByteBuffer buffer = MEMORY.get(address & 0xFFFF_FFFF_0000_0000L);
        final int offset = (int)(address & 0xFFFF_FFFFL);
        if (buffer == null || offset + length > buffer.capacity()) {
            throw new IllegalStateException("no registered memory holds " + length + " bytes at " + address);
        }
        return buffer.duplicate().clear().position(offset).limit(offset + length).slice();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Sender sender(final Connection control, final ByteBuffer welcome) {
        return new LoopbackSender();
    }

    @Override
    public Receiver receiver(final Connection control, final InetAddress bind) {
        return new LoopbackReceiver();
    }

    /** A write not landed yet. */
    private record Pending(long from, long to, int length, long write) {
    }

    /** Sender: queues writes and lands them in pieces, in random order, while it progresses. */
    static final class LoopbackSender implements Sender, RemoteWrites<Long> {
        private final List<Pending> pending = new ArrayList<>();
        private final Map<ByteBuffer, Long> local = new ConcurrentHashMap<>();
        private final Random random = new Random(42);
        private long posted;

        @Override
        public Link link(final int topic, final ByteBuffer accept, final int capacity) {
            final ByteBuffer details = accept.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            final long ring = details.getLong();
            final long box = details.getLong();
            return new OneSidedLink<>(this, 0L, ring, capacity, 0L, box);
        }

        @Override
        public long address(final ByteBuffer buffer) {
            return local.computeIfAbsent(buffer, LoopbackTransport::register);
        }

        @Override
        public void write(final long localAddress, final int length, final long remoteAddress, final Long key) {
            posted++;
            int done = 0;
            while (done < length) {
                final int piece = Math.min(length - done, 1 + random.nextInt(4096));
                pending.add(new Pending(localAddress + done, remoteAddress + done, piece, posted));
                done += piece;
            }
        }

        @Override
        public long flush() {
            return posted;
        }

        @Override
        public long completed() {
            long oldest = posted + 1;
            for (final Pending write : pending) {
                oldest = Math.min(oldest, write.write());
            }
            return oldest - 1;
        }

        @Override
        public void await(final long timeoutNs) {
            LockSupport.parkNanos(Math.min(timeoutNs, 20_000));
        }

        @Override
        public int progress() {
            if (pending.isEmpty()) {
                return 0;
            }
            Collections.shuffle(pending, random);
            final int landing = 1 + random.nextInt(pending.size());
            for (int i = 0; i < landing; i++) {
                final Pending write = pending.remove(pending.size() - 1);
                resolve(write.to(), write.length()).put(resolve(write.from(), write.length()));
            }
            return landing;
        }

        @Override
        public void close() {
            pending.clear();
        }
    }

    /** Receiver: registers rings and boxes in the table, polls the boxes. */
    static final class LoopbackReceiver implements Receiver {
        private final TailBoxes boxes = new TailBoxes(256);
        private final long boxBase = register(boxes.memory());

        @Override
        public ByteBuffer welcome() {
            return ByteBuffer.allocate(0);
        }

        @Override
        public ByteBuffer attach(final int topic, final Replica replica) {
            boxes.attach(topic, replica.tail());
            final ByteBuffer details = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            details.putLong(register(replica.ring())).putLong(boxBase + TailBoxes.offset(topic));
            return details.flip();
        }

        @Override
        public void detach(final int topic) {
            boxes.detach(topic);
        }

        @Override
        public boolean framesCarryData() {
            return false;
        }

        @Override
        public int progress(final TailSink tails) throws IOException {
            return boxes.poll(tails);
        }

        @Override
        public void await(final Connection control, final long timeoutNs) {
            LockSupport.parkNanos(Math.min(timeoutNs, 20_000));
        }

        @Override
        public void close() {
            boxes.clear();
        }
    }
}
