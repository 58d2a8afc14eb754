package io.shimmy.mirror;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One-sided writes into memory a receiver registered: the part of {@code ucx} and {@code disni} that differs,
 * behind {@link OneSidedLink}.
 *
 * @param <K> the transport's remote key.
 */
public interface RemoteWrites<K> {
    /**
     * The native address of a direct buffer's first byte.
     *
     * @param buffer direct buffer (a mapped file, or allocated direct).
     * @return its address.
     */
    long address(ByteBuffer buffer);

    /**
     * Posts a write; it completes later.
     *
     * @param localAddress of the first byte to send; unchanged until a flush that covers it completed.
     * @param length of the bytes.
     * @param remoteAddress where they go.
     * @param key of the remote memory.
     * @throws IOException if the write cannot be posted.
     */
    void write(long localAddress, int length, long remoteAddress, K key) throws IOException;

    /**
     * Asks to know when every write posted so far has completed at the receiver, without waiting: starts a flush,
     * or joins one that covers them.
     *
     * @return the flush's ticket, never lower than an earlier one; {@link #completed()} reaches it once every
     *     write posted before this call has completed.
     * @throws IOException if the flush cannot be started.
     */
    long flush() throws IOException;

    /**
     * The highest ticket whose flush completed.
     *
     * @return the ticket, 0 before the first.
     * @throws IOException if a write failed.
     */
    long completed() throws IOException;
}
