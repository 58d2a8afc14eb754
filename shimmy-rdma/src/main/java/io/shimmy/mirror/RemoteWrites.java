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
     * @param localAddress of the first byte to send; unchanged until {@link #flush()} returns true.
     * @param length of the bytes.
     * @param remoteAddress where they go.
     * @param key of the remote memory.
     * @throws IOException if the write cannot be posted.
     */
    void write(long localAddress, int length, long remoteAddress, K key) throws IOException;

    /**
     * Whether every write posted so far has completed at the receiver; starts what it takes to find out.
     *
     * @return true once all have completed; call again until then.
     * @throws IOException if a write failed.
     */
    boolean flush() throws IOException;
}
