package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;

/**
 * Receives messages from {@link Subscription#poll(MessageHandler, int)}.
 * <p>
 * <b>Note:</b> the bytes are valid only during the call: copy what you keep. On a reliable topic they are the ring
 * itself (zero-copy); on a lossy topic, or while a new subscriber catches up from {@code EARLIEST}, they are a private
 * copy that was checked not to have been overwritten.
 */
@FunctionalInterface
public interface MessageHandler {
    /**
     * Handles one message.
     *
     * @param buffer holding the message.
     * @param offset at which the message begins.
     * @param length of the message.
     */
    void onMessage(SharedBuffer buffer, int offset, int length);
}
