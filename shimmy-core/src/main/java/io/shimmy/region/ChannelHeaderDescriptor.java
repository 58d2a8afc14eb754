package io.shimmy.region;

/**
 * The header that starts every channel file, whatever its kind, followed by the channel's error log.
 * Multi-byte values are little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    Magic "SHIMMY\r\n" (64)                    |   0
 *  +---------------------------------------------------------------+
 *  |                      Layout Version (32)                      |   8
 *  +---------------------------------------------------------------+
 *  |                 Kind (32): 1 topic, 2 listener, 3 connection  |  12
 *  +---------------------------------------------------------------+
 *  |            Ready (32): READY_VALUE, written last, release     |  16
 *  +---------------------------------------------------------------+
 *  |                      Header Length (32)                       |  20
 *  +---------------------------------------------------------------+
 *  |                   File Length in bytes (64)                   |  24
 *  +---------------------------------------------------------------+
 *  |               Creation Time, ms since epoch (64)              |  32
 *  +---------------------------------------------------------------+
 *  |                Creator pid, informational (64)                |  40
 *  +---------------------------------------------------------------+
 *  |        Creator process start, ms since epoch, or 0 (64)       |  48
 *  +---------------------------------------------------------------+
 *  |                  Flags (32): kind-specific                    |  56
 *  +---------------------------------------------------------------+
 *  |                       Name Length (32)                        |  60
 *  +---------------------------------------------------------------+
 *  |                 Name, US-ASCII, 256 bytes                    ...  64
 *  +---------------------------------------------------------------+
 *  |        Kind-specific parameters, 192 bytes (see the kind)    ... 320
 *  +---------------------------------------------------------------+
 *  |      Error log, 3584 bytes ({@link ErrorLogDescriptor})      ... 512
 *  +---------------------------------------------------------------+
 *  |               Kind-specific regions from 4096                ... 4096
 * </pre>
 * The header is immutable once {@code Ready} is set. A file is initialised under a temporary name and linked into
 * place complete, so an opener never sees a half-written header; {@code Ready} is checked all the same.
 */
public final class ChannelHeaderDescriptor {
    /** "SHIMMY\r\n" read as a little-endian long. */
    public static final long MAGIC = 0x0A0D_594D_4D49_4853L;
    /** Version of the layout this code writes and accepts. */
    public static final int LAYOUT_VERSION = 2;
    /** Value of the ready field once the file is fully initialised. */
    public static final int READY_VALUE = 0x52454459;

    /** Offset of the magic number. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the layout version. */
    public static final int LAYOUT_VERSION_OFFSET = MAGIC_OFFSET + 8;
    /** Offset of the kind code. */
    public static final int KIND_OFFSET = LAYOUT_VERSION_OFFSET + 4;
    /** Offset of the ready field. */
    public static final int READY_OFFSET = KIND_OFFSET + 4;
    /** Offset of the header length. */
    public static final int HEADER_LENGTH_OFFSET = READY_OFFSET + 4;
    /** Offset of the file length. */
    public static final int FILE_LENGTH_OFFSET = HEADER_LENGTH_OFFSET + 4;
    /** Offset of the creation time. */
    public static final int CREATED_MS_OFFSET = FILE_LENGTH_OFFSET + 8;
    /** Offset of the creator's pid. */
    public static final int CREATOR_PID_OFFSET = CREATED_MS_OFFSET + 8;
    /** Offset of the creator's process start time. */
    public static final int CREATOR_START_MS_OFFSET = CREATOR_PID_OFFSET + 8;
    /** Offset of the kind-specific flags. */
    public static final int FLAGS_OFFSET = CREATOR_START_MS_OFFSET + 8;
    /** Offset of the name length. */
    public static final int NAME_LENGTH_OFFSET = FLAGS_OFFSET + 4;
    /** Offset of the name. */
    public static final int NAME_OFFSET = NAME_LENGTH_OFFSET + 4;
    /** Room for the name. */
    public static final int NAME_CAPACITY = 256;
    /** Offset of the kind-specific parameters. */
    public static final int PARAMS_OFFSET = NAME_OFFSET + NAME_CAPACITY;
    /** Room for the kind-specific parameters. */
    public static final int PARAMS_LENGTH = 192;
    /** Length of the header proper. */
    public static final int HEADER_LENGTH = PARAMS_OFFSET + PARAMS_LENGTH;
    /** Offset of the error log. */
    public static final int ERROR_LOG_OFFSET = HEADER_LENGTH;
    /** Length of the error log. */
    public static final int ERROR_LOG_LENGTH = 4096 - ERROR_LOG_OFFSET;
    /** Where the kind-specific regions begin: one page in. */
    public static final int BODY_OFFSET = ERROR_LOG_OFFSET + ERROR_LOG_LENGTH;

    private ChannelHeaderDescriptor() {
    }
}
