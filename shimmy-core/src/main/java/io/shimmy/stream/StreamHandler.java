package io.shimmy.stream;

import io.shimmy.buffer.SharedBuffer;

/**
 * Receives bytes of a stream in place, in the mapped ring: {@link StreamConnection#poll(StreamHandler, int)}.
 */
@FunctionalInterface
public interface StreamHandler {
    /**
     * Handles bytes that arrived. They are valid only during the call; the peer may overwrite them once
     * {@code poll} returns, for the bytes this call consumed.
     *
     * @param buffer the mapped ring; read only {@code [offset, offset + length)}.
     * @param offset at which the bytes begin.
     * @param length of the bytes, at least 1.
     * @return how many of them to consume, from 0 to {@code length}; the rest is delivered again by the next poll.
     */
    int onBytes(SharedBuffer buffer, int offset, int length);
}
