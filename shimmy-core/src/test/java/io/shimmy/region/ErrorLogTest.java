package io.shimmy.region;

import io.shimmy.buffer.SharedBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ErrorLogTest {
    private final ErrorLog log = new ErrorLog(SharedBuffer.allocateDirect(ChannelHeaderDescriptor.BODY_OFFSET));

    @Test
    void shouldStartHealthyAndEmpty() {
        assertThat(log.failed()).isFalse();
        assertThat(log.entries()).isEmpty();
    }

    @Test
    void shouldCountRepeatedErrorsInOneEntry() {
        log.record("first problem");
        log.record("second problem");
        log.record("first problem");

        final List<ErrorLog.Entry> entries = log.entries();
        assertThat(entries).extracting(ErrorLog.Entry::text).containsExactly("first problem", "second problem");
        assertThat(entries.get(0).count()).isEqualTo(2);
        assertThat(entries.get(1).count()).isEqualTo(1);
        assertThat(entries.get(0).lastMs()).isGreaterThanOrEqualTo(entries.get(0).firstMs());
    }

    @Test
    @Timeout(10)
    void shouldSkipAnEntryThatAWriterWhichDiedLeftBeingWritten() {
        final SharedBuffer buffer = SharedBuffer.allocateDirect(ChannelHeaderDescriptor.BODY_OFFSET);
        final ErrorLog crashed = new ErrorLog(buffer);
        crashed.record("before the crash");
        buffer.putIntRelease(ErrorLogDescriptor.entryOffset(1) + ErrorLogDescriptor.TEXT_LENGTH_OFFSET, -1);

        crashed.record("after the crash");
        crashed.record("after the crash");

        assertThat(crashed.entries()).extracting(ErrorLog.Entry::text, ErrorLog.Entry::count)
            .containsExactly(tuple("before the crash", 1L),
                tuple("after the crash", 2L));
    }

    @Test
    void shouldCountEverythingElseInTheLastEntryWhenFull() {
        for (int i = 0; i < ErrorLogDescriptor.ENTRY_COUNT + 5; i++) {
            log.record("problem " + i);
        }

        final List<ErrorLog.Entry> entries = log.entries();
        assertThat(entries).hasSize(ErrorLogDescriptor.ENTRY_COUNT);
        assertThat(entries.get(entries.size() - 1).count()).isEqualTo(6);
        assertThat(entries.stream().mapToLong(ErrorLog.Entry::count).sum())
            .isEqualTo(ErrorLogDescriptor.ENTRY_COUNT + 5);
    }

    @Test
    void shouldCutLongTextAndStillCountIt() {
        final String text = "x".repeat(1000);
        log.record(text);
        log.record(text);

        final List<ErrorLog.Entry> entries = log.entries();
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).text()).hasSize(ErrorLogDescriptor.TEXT_CAPACITY);
        assertThat(entries.get(0).count()).isEqualTo(2);
    }

    @Test
    void shouldMarkTheChannelFailedAndRecordWhy() {
        log.fail("bad record at 4096");

        assertThat(log.failed()).isTrue();
        assertThat(log.entries()).extracting(ErrorLog.Entry::text).containsExactly("bad record at 4096");
    }

    @Test
    void shouldSeeWhatAnotherMappingOfTheSameBytesRecorded() {
        final SharedBuffer bytes = SharedBuffer.allocateDirect(ChannelHeaderDescriptor.BODY_OFFSET);
        new ErrorLog(bytes).fail("seen elsewhere");

        final ErrorLog other = new ErrorLog(new SharedBuffer(bytes.byteBuffer()));
        assertThat(other.failed()).isTrue();
        assertThat(other.entries()).hasSize(1);
    }

    @Test
    @Timeout(60)
    void shouldCountTheSameErrorRecordedConcurrentlyInOneEntry() throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            final SharedBuffer bytes = SharedBuffer.allocateDirect(ChannelHeaderDescriptor.BODY_OFFSET);
            final CountDownLatch start = new CountDownLatch(1);
            final Thread[] threads = new Thread[4];
            for (int t = 0; t < threads.length; t++) {
                threads[t] = new Thread(() -> {
                    final ErrorLog processLog = new ErrorLog(bytes);
                    try {
                        start.await();
                    } catch (final InterruptedException ex) {
                        return;
                    }
                    for (int i = 0; i < 100; i++) {
                        processLog.record("same problem");
                    }
                });
                threads[t].start();
            }
            start.countDown();
            for (final Thread thread : threads) {
                thread.join();
            }

            assertThat(new ErrorLog(bytes).entries()).as("round %d", round).singleElement()
                .satisfies(entry -> assertThat(entry.count()).isEqualTo(400));
        }
    }
}
