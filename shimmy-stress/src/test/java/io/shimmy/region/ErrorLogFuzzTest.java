package io.shimmy.region;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.shimmy.buffer.SharedBuffer;

import java.util.List;

/**
 * Any error log, as a crashed writer or a foreign process may leave it: {@link ErrorLog#entries()} and
 * {@link ErrorLog#failed()} read it, and {@link ErrorLog#record(String)} adds to it and returns, whatever the
 * counts, times, text lengths (including an entry left "being written" by a writer that died) and texts.
 */
class ErrorLogFuzzTest {
    private static final int FILE = ChannelHeaderDescriptor.BODY_OFFSET;

    @FuzzTest(maxDuration = "5m")
    void shouldReadAndRecordIntoAnyErrorLog(final FuzzedDataProvider data) {
        final SharedBuffer buffer = SharedBuffer.allocateDirect(FILE);
        final int writes = data.consumeInt(0, 24);
        for (int i = 0; i < writes; i++) {
            final int entry = ErrorLogDescriptor.entryOffset(data.consumeInt(0, ErrorLogDescriptor.ENTRY_COUNT - 1));
            switch (data.consumeInt(0, 4)) {
                case 0 -> buffer.putInt(entry + ErrorLogDescriptor.TEXT_LENGTH_OFFSET, data.consumeBoolean() ?
                    data.consumeInt(-2, ErrorLogDescriptor.TEXT_CAPACITY + 2) : data.consumeInt());
                case 1 -> buffer.putLong(entry + ErrorLogDescriptor.COUNT_OFFSET, data.consumeLong());
                case 2 -> buffer.putLong(entry + data.consumeInt(0, 2) * 8, data.consumeLong());
                case 3 -> {
                    final byte[] text = data.consumeBytes(ErrorLogDescriptor.TEXT_CAPACITY);
                    buffer.putBytes(entry + ErrorLogDescriptor.TEXT_OFFSET, text, 0, text.length);
                }
                default -> buffer.putInt(ChannelHeaderDescriptor.ERROR_LOG_OFFSET + data.consumeInt(0, 1) * 4,
                    data.consumeInt());
            }
        }
        final ErrorLog log = new ErrorLog(buffer);
        log.failed();
        final List<ErrorLog.Entry> before = log.entries();
        final String text = data.consumeRemainingAsString();
        log.record(text);
        final List<ErrorLog.Entry> after = log.entries();
        if (after.size() < before.size()) {
            throw new AssertionError("recording removed entries: " + before + " -> " + after);
        }
        for (final ErrorLog.Entry entry : after) {
            if (entry.text().length() > ErrorLogDescriptor.TEXT_CAPACITY) {
                throw new AssertionError("an entry longer than its room: " + entry);
            }
        }
    }
}
