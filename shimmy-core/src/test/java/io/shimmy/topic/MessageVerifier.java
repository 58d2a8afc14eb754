package io.shimmy.topic;

import io.shimmy.buffer.SharedBuffer;

import java.util.Arrays;

/**
 * A handler that checks every {@link TestMessages} message it gets: checksum, and each publisher's sequence.
 * Without gaps allowed, every publisher's messages must arrive exactly once and in order from sequence 0; with gaps
 * allowed (lossy topics), sequences must still only grow.
 */
final class MessageVerifier implements MessageHandler {
    private final boolean gapsAllowed;
    private final byte[] scratch;
    private final long[] next = new long[256];
    private final long[] first = new long[256];
    private final long[] counts = new long[256];
    private long received;
    private long badChecksums;
    private long outOfOrder;
    private long gaps;
    private String firstError;

    MessageVerifier(final int maxMessageLength, final boolean gapsAllowed) {
        this.gapsAllowed = gapsAllowed;
        this.scratch = new byte[Math.max(TestMessages.MIN_LENGTH, maxMessageLength)];
        Arrays.fill(first, -1);
    }

    @Override
    public void onMessage(final SharedBuffer buffer, final int offset, final int length) {
        received++;
        if (length > scratch.length || !TestMessages.valid(buffer, offset, length, scratch)) {
            badChecksums++;
            error("bad checksum in message " + received + " of length " + length);
            return;
        }
        final int publisher = TestMessages.publisherId(buffer, offset);
        final long sequence = TestMessages.sequence(buffer, offset);
        if (publisher < 0 || publisher > 255) {
            badChecksums++;
            error("publisher id " + publisher);
            return;
        }
        if (first[publisher] < 0) {
            first[publisher] = sequence;
            if (!gapsAllowed && sequence != 0) {
                outOfOrder++;
                error("publisher " + publisher + " started at sequence " + sequence);
            }
        } else if (sequence != next[publisher]) {
            if (gapsAllowed && sequence > next[publisher]) {
                gaps += sequence - next[publisher];
            } else {
                outOfOrder++;
                error("publisher " + publisher + " sent " + sequence + " after " + (next[publisher] - 1));
            }
        }
        next[publisher] = sequence + 1;
        counts[publisher]++;
    }

    private void error(final String text) {
        if (firstError == null) {
            firstError = text;
        }
    }

    long received() {
        return received;
    }

    long count(final int publisher) {
        return counts[publisher];
    }

    /** @return the sequence after the last one received from a publisher, or 0. */
    long next(final int publisher) {
        return next[publisher];
    }

    /** @return the first sequence received from a publisher, or -1. */
    long first(final int publisher) {
        return first[publisher];
    }

    long badChecksums() {
        return badChecksums;
    }

    long outOfOrder() {
        return outOfOrder;
    }

    long gaps() {
        return gaps;
    }

    /** @return a line that says what went wrong first, for assertion messages. */
    String summary() {
        return "received " + received + ", bad checksums " + badChecksums + ", out of order " + outOfOrder +
            ", gaps " + gaps + (firstError != null ? ", first error: " + firstError : "");
    }
}
