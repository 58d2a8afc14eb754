package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;

/**
 * Receives messages from {@link Subscription#controlledPoll(ControlledMessageHandler, int)} and says whether to go on.
 */
@FunctionalInterface
public interface ControlledMessageHandler {
    /** What the subscription does after a message. */
    enum Action {
        /** The message is consumed; deliver the next. */
        CONTINUE,
        /** The message is consumed; return from the poll. */
        BREAK,
        /** The message is not consumed: deliver it again on the next poll. */
        ABORT
    }

    /**
     * Handles one message.
     *
     * @param buffer holding the message, valid only during the call.
     * @param offset at which the message begins.
     * @param length of the message.
     * @return what to do next.
     */
    Action onMessage(SharedBuffer buffer, int offset, int length);
}
