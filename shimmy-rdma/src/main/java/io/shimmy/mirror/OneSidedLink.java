package io.shimmy.mirror;

import io.shimmy.buffer.SharedBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The link of a one-sided transport: ring bytes go straight from the origin's mapped ring into the replica's
 * registered ring at the same ring offset, and the tail into the topic's tail box ({@link TailBoxDescriptor}) once
 * a flush confirmed the bytes landed. The receiver's CPU takes no part in landing the bytes (on RDMA hardware;
 * UCX over TCP lands them while the receiver progresses its worker).
 * <p>
 * Writes are pipelined: while one flush is in flight, later writes are posted, and the flush's completion lets the
 * tail move to what was written when it started. One-sided writes may land in any order, tail puts included, so a
 * tail is put only once a flush started after the previous tail put completed: tails never land out of order.
 *
 * @param <K> the transport's remote key.
 */
public final class OneSidedLink<K> implements Transport.Link {
    private final RemoteWrites<K> writes;
    private final K ringKey;
    private final long ringAddress;
    private final int capacity;
    private final K boxKey;
    private final long boxAddress;
    private final ByteBuffer tailSource;
    private final long tailSourceAddress;
    private ByteBuffer source;
    private long sourceAddress;
    private long written;
    private long landed;
    private long target;
    private long ticket;
    /** Flush ticket that covers the last tail put: 0 once it completed, -1 while no flush covering it was asked. */
    private long tailTicket;

    /**
     * A link to one replica.
     *
     * @param writes the transport's writes.
     * @param ringKey key of the replica's ring.
     * @param ringAddress remote address of the ring's offset 0.
     * @param capacity of the ring.
     * @param boxKey key of the tail box.
     * @param boxAddress remote address of the topic's tail box.
     */
    public OneSidedLink(final RemoteWrites<K> writes, final K ringKey, final long ringAddress, final int capacity,
        final K boxKey, final long boxAddress) {
        this.writes = writes;
        this.ringKey = ringKey;
        this.ringAddress = ringAddress;
        this.capacity = capacity;
        this.boxKey = boxKey;
        this.boxAddress = boxAddress;
        this.tailSource = ByteBuffer.allocateDirect(TailBoxDescriptor.BOX_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        this.tailSourceAddress = writes.address(tailSource);
    }

    @Override
    public boolean write(final long position, final SharedBuffer buffer, final int index, final int length)
        throws IOException {
        final int offset = (int)(position & (capacity - 1));
        if (offset + length > capacity || length < 0) {
            throw new IllegalArgumentException("write of " + length + " bytes at ring offset " + offset +
                " crosses the end of a ring of " + capacity);
        }
        if (buffer.byteBuffer() != source) {
            source = buffer.byteBuffer();
            sourceAddress = writes.address(source);
        }
        writes.write(sourceAddress + index, length, ringAddress + offset, ringKey);
        written = position + length;
        return true;
    }

    @Override
    public long landed() throws IOException {
        final long done = writes.completed();
        if (ticket != 0 && done >= ticket) {
            landed = target;
            ticket = 0;
        }
        if (tailTicket > 0 && done >= tailTicket) {
            tailTicket = 0;
        }
        if (ticket == 0 && written != landed) {
            ticket = writes.flush();
            target = written;
            if (tailTicket < 0) {
                tailTicket = ticket;
            }
        }
        return landed;
    }

    @Override
    public boolean quiet() throws IOException {
        landed();
        if (tailTicket < 0) {
            tailTicket = writes.flush();
        }
        return ticket == 0 && tailTicket == 0;
    }

    @Override
    public boolean publishTail(final long tail) throws IOException {
        if (tailTicket != 0) {
            if (tailTicket < 0) {
                tailTicket = writes.flush();
            }
            return false;
        }
        tailSource.putLong(TailBoxDescriptor.TAIL_OFFSET, tail);
        tailSource.putLong(TailBoxDescriptor.CHECK_OFFSET, TailBoxDescriptor.check(tail));
        writes.write(tailSourceAddress, TailBoxDescriptor.WRITE_LENGTH, boxAddress, boxKey);
        tailTicket = -1;
        return true;
    }
}
