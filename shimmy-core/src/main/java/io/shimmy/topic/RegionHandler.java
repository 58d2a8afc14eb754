package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;

/**
 * Receives raw regions of a topic's ring from {@link Subscription#regionPoll(RegionHandler, int)}: whole committed
 * records and padding, exactly as they lie in the ring, for a mirror or a recorder that copies the ring itself.
 * <p>
 * <b>Note:</b> the bytes are the mapped ring (zero copy), valid only during the call unless the topic protects
 * them: on a reliable topic, from {@link Subscription#position()} on while the subscription holds its slot. Bytes
 * read later, by a transport that copies asynchronously, must be confirmed with
 * {@link Subscription#regionIntact(long)} once the copy is done.
 */
@FunctionalInterface
public interface RegionHandler {
    /**
     * Handles one contiguous region of records.
     *
     * @param buffer holding the region: the whole mapped topic file.
     * @param index at which the region begins in {@code buffer}.
     * @param length of the region in bytes: whole records, never crossing the end of the ring.
     * @param position of the region's first byte in the topic.
     * @return bytes consumed: 0, {@code length}, or the end of any record inside the region.
     */
    int onRegion(SharedBuffer buffer, int index, int length, long position);
}
