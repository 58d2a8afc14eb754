package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;

/**
 * Space claimed in a topic's ring by {@link Publication#tryClaim(int, BufferClaim)}, to be written in place and then
 * committed or aborted. Reuse one instance per thread: it allocates nothing.
 * <pre>{@code
 * if (publication.tryClaim(length, claim) > 0) {
 *     try {
 *         claim.buffer().putLong(claim.offset(), value);
 *     } finally {
 *         claim.commit();
 *     }
 * }
 * }</pre>
 * <b>Note:</b> commit or abort promptly: subscribers wait behind an open claim, and reclaim it after the topic's
 * unblock timeout, after which {@link #commit()} reports {@link Publication#CLAIM_RECLAIMED}.
 */
public final class BufferClaim {
    private Publication publication;
    private SharedBuffer buffer;
    private long position;
    private int offset;
    private int length;

    void wrap(final Publication publication, final SharedBuffer buffer, final long position, final int offset,
        final int length) {
        this.publication = publication;
        this.buffer = buffer;
        this.position = position;
        this.offset = offset;
        this.length = length;
    }

    /**
     * The buffer to write the message into.
     *
     * @return the mapped ring.
     */
    public SharedBuffer buffer() {
        return buffer;
    }

    /**
     * Where the message begins in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int offset() {
        return offset;
    }

    /**
     * Length of the message claimed.
     *
     * @return bytes.
     */
    public int length() {
        return length;
    }

    /**
     * Makes the message visible to subscribers.
     *
     * @return the position after the message, or {@link Publication#CLAIM_RECLAIMED} if subscribers reclaimed the
     *     space because the claim was held beyond the unblock timeout (the message is lost), or
     *     {@link Publication#CLOSED} if there is no open claim.
     */
    public long commit() {
        final Publication owner = publication;
        if (owner == null) {
            return Publication.CLOSED;
        }
        publication = null;
        return owner.commit(position, length);
    }

    /**
     * Gives the space up: subscribers skip it.
     */
    public void abort() {
        final Publication owner = publication;
        if (owner != null) {
            publication = null;
            owner.abort(position, length);
        }
    }
}
