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
        return true;
    }

    @Override
    public boolean flush() throws IOException {
        return writes.flush();
    }

    @Override
    public boolean publishTail(final long tail) throws IOException {
        tailSource.putLong(TailBoxDescriptor.TAIL_OFFSET, tail);
        tailSource.putLong(TailBoxDescriptor.CHECK_OFFSET, TailBoxDescriptor.check(tail));
        writes.write(tailSourceAddress, TailBoxDescriptor.WRITE_LENGTH, boxAddress, boxKey);
        return true;
    }
}
