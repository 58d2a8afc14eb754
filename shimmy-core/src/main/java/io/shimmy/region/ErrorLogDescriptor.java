package io.shimmy.region;

/**
 * The error log in every channel file, at {@link ChannelHeaderDescriptor#ERROR_LOG_OFFSET}: a status word that marks
 * the channel failed, and a table of distinct errors with counts, written by any process that finds shared state
 * it cannot trust.
 * <pre>
 *  +---------------------------------------------------------------+
 *  |         Status (32): 0 healthy, 1 failed  |  Entries used (32)  |   0
 *  +---------------------------------------------------------------+
 *  |                    padding to 128 bytes                      ...
 *  +---------------------------------------------------------------+
 *  |                 Entry 0, 256 bytes, then entry 1 ...          | 128
 *  +---------------------------------------------------------------+
 *
 *  Entry:
 *  +---------------------------------------------------------------+
 *  |                     Observation Count (64)                    |   0
 *  +---------------------------------------------------------------+
 *  |           First Observation, ms since epoch (64)              |   8
 *  +---------------------------------------------------------------+
 *  |            Last Observation, ms since epoch (64)              |  16
 *  +---------------------------------------------------------------+
 *  |   Text Length (32): 0 free, -1 being written   |  reserved    |  24
 *  +---------------------------------------------------------------+
 *  |                  Text, US-ASCII, 224 bytes                   ...  32
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class ErrorLogDescriptor {
    /** Status value of a healthy channel. */
    public static final int STATUS_HEALTHY = 0;
    /** Status value of a channel found corrupt. */
    public static final int STATUS_FAILED = 1;

    /** Offset of the status word within the log. */
    public static final int STATUS_OFFSET = 0;
    /** Offset of the count of entries used. */
    public static final int ENTRIES_USED_OFFSET = STATUS_OFFSET + 4;
    /** Offset of the first entry. */
    public static final int ENTRIES_OFFSET = 128;
    /** Length of one entry. */
    public static final int ENTRY_LENGTH = 256;
    /** Number of entries. */
    public static final int ENTRY_COUNT = (ChannelHeaderDescriptor.ERROR_LOG_LENGTH - ENTRIES_OFFSET) / ENTRY_LENGTH;

    /** Offset of an entry's observation count. */
    public static final int COUNT_OFFSET = 0;
    /** Offset of an entry's first observation time. */
    public static final int FIRST_MS_OFFSET = COUNT_OFFSET + 8;
    /** Offset of an entry's last observation time. */
    public static final int LAST_MS_OFFSET = FIRST_MS_OFFSET + 8;
    /** Offset of an entry's text length. */
    public static final int TEXT_LENGTH_OFFSET = LAST_MS_OFFSET + 8;
    /** Offset of an entry's text. */
    public static final int TEXT_OFFSET = TEXT_LENGTH_OFFSET + 8;
    /** Room for an entry's text. */
    public static final int TEXT_CAPACITY = ENTRY_LENGTH - TEXT_OFFSET;

    private ErrorLogDescriptor() {
    }

    /**
     * Offset of an entry from the start of the file.
     *
     * @param index of the entry.
     * @return its offset.
     */
    public static int entryOffset(final int index) {
        return ChannelHeaderDescriptor.ERROR_LOG_OFFSET + ENTRIES_OFFSET + index * ENTRY_LENGTH;
    }
}
