package io.shimmy.region;

import io.shimmy.buffer.SharedBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.shimmy.region.ErrorLogDescriptor.COUNT_OFFSET;
import static io.shimmy.region.ErrorLogDescriptor.ENTRIES_USED_OFFSET;
import static io.shimmy.region.ErrorLogDescriptor.ENTRY_COUNT;
import static io.shimmy.region.ErrorLogDescriptor.FIRST_MS_OFFSET;
import static io.shimmy.region.ErrorLogDescriptor.LAST_MS_OFFSET;
import static io.shimmy.region.ErrorLogDescriptor.STATUS_FAILED;
import static io.shimmy.region.ErrorLogDescriptor.STATUS_OFFSET;
import static io.shimmy.region.ErrorLogDescriptor.TEXT_CAPACITY;
import static io.shimmy.region.ErrorLogDescriptor.TEXT_LENGTH_OFFSET;
import static io.shimmy.region.ErrorLogDescriptor.TEXT_OFFSET;
import static io.shimmy.region.ErrorLogDescriptor.entryOffset;

/**
 * Reads and writes a channel's error log: distinct errors with counts, and the failed status.
 * Errors are rare, so this class allocates freely; it is never called on a hot path that is going well.
 */
public final class ErrorLog {
    private static final int STATUS_INDEX = ChannelHeaderDescriptor.ERROR_LOG_OFFSET + STATUS_OFFSET;
    private static final int USED_INDEX = ChannelHeaderDescriptor.ERROR_LOG_OFFSET + ENTRIES_USED_OFFSET;

    /** Longest wait for another writer to finish the entry it took; one that takes longer died doing it. */
    private static final long WRITER_WAIT_NS = 10_000_000L;

    private final SharedBuffer buffer;

    /**
     * An error log over a mapped channel file.
     *
     * @param buffer over the whole channel file.
     */
    public ErrorLog(final SharedBuffer buffer) {
        this.buffer = buffer;
    }

    /**
     * One distinct error.
     *
     * @param count how often it was observed.
     * @param firstMs when it was first observed, ms since the epoch.
     * @param lastMs when it was last observed, ms since the epoch.
     * @param text what was observed.
     */
    public record Entry(long count, long firstMs, long lastMs, String text) {
    }

    /**
     * Records an error, counting it if the same text is already there. When the table is full the last entry
     * counts everything else. An entry that another writer took but never finished (it died in between) is
     * skipped after {@code 10 ms}.
     *
     * @param text of the error, stored as US-ASCII; longer text is cut.
     */
    public void record(final String text) {
        final String printable = text.isEmpty() ? "(no text)" : text;
        final byte[] full = printable.getBytes(StandardCharsets.US_ASCII);
        final byte[] bytes = Arrays.copyOf(full, Math.min(TEXT_CAPACITY, full.length));
        final long now = System.currentTimeMillis();
        for (int i = 0; i < ENTRY_COUNT; i++) {
            final int entry = entryOffset(i);
            int length = buffer.getIntAcquire(entry + TEXT_LENGTH_OFFSET);
            if (length == 0) {
                if (buffer.compareAndSetInt(entry + TEXT_LENGTH_OFFSET, 0, -1)) {
                    buffer.putLong(entry + FIRST_MS_OFFSET, now);
                    buffer.putLong(entry + LAST_MS_OFFSET, now);
                    buffer.putBytes(entry + TEXT_OFFSET, bytes, 0, bytes.length);
                    buffer.putLongRelease(entry + COUNT_OFFSET, 1);
                    buffer.putIntRelease(entry + TEXT_LENGTH_OFFSET, bytes.length);
                    buffer.getAndAddInt(USED_INDEX, 1);
                    return;
                }
                // another writer took this entry: wait for its text, which may be ours
                length = buffer.getIntAcquire(entry + TEXT_LENGTH_OFFSET);
            }
            final long since = System.nanoTime();
            while (length == -1 && System.nanoTime() - since < WRITER_WAIT_NS) {
                Thread.onSpinWait();
                length = buffer.getIntAcquire(entry + TEXT_LENGTH_OFFSET);
            }
            if (length == -1) {
                // its writer died between taking the entry and finishing it: the entry never completes
                continue;
            }
            if (i == ENTRY_COUNT - 1 || (length == bytes.length && sameText(entry, bytes))) {
                buffer.getAndAddLong(entry + COUNT_OFFSET, 1);
                buffer.putLongVolatile(entry + LAST_MS_OFFSET, now);
                return;
            }
        }
    }

    /**
     * Marks the channel failed: its shared state cannot be trusted; new publishers and subscribers are refused.
     *
     * @param reason recorded in the log.
     */
    public void fail(final String reason) {
        record(reason);
        buffer.putIntRelease(STATUS_INDEX, STATUS_FAILED);
    }

    /**
     * Whether the channel was marked failed.
     *
     * @return true once any process called {@link #fail(String)}.
     */
    public boolean failed() {
        return buffer.getIntAcquire(STATUS_INDEX) == STATUS_FAILED;
    }

    /**
     * The entries written so far.
     *
     * @return a snapshot, oldest first.
     */
    public List<Entry> entries() {
        final List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < ENTRY_COUNT; i++) {
            final int entry = entryOffset(i);
            final int length = buffer.getIntAcquire(entry + TEXT_LENGTH_OFFSET);
            if (length <= 0 || length > TEXT_CAPACITY) {
                continue;
            }
            final byte[] text = new byte[length];
            buffer.getBytes(entry + TEXT_OFFSET, text, 0, length);
            entries.add(new Entry(buffer.getLongVolatile(entry + COUNT_OFFSET), buffer.getLong(entry + FIRST_MS_OFFSET),
                buffer.getLongVolatile(entry + LAST_MS_OFFSET), new String(text, StandardCharsets.UTF_8)));
        }
        return entries;
    }

    private boolean sameText(final int entry, final byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (buffer.getByte(entry + TEXT_OFFSET + i) != bytes[i]) {
                return false;
            }
        }
        return true;
    }
}
