package io.shimmy.buffer;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SharedBufferTest {
    @Test
    void shouldStoreMultiByteValuesLittleEndian() {
        final byte[] bytes = new byte[16];
        final SharedBuffer buffer = SharedBuffer.wrap(bytes);

        buffer.putLong(0, 0x0807060504030201L);
        buffer.putInt(8, 0x0C0B0A09);

        for (int i = 0; i < 12; i++) {
            assertThat(bytes[i]).isEqualTo((byte)(i + 1));
        }
        assertThat(buffer.getLong(0)).isEqualTo(0x0807060504030201L);
        assertThat(buffer.getInt(8)).isEqualTo(0x0C0B0A09);
    }

    @Test
    void shouldIgnoreTheWrappedBuffersPositionLimitAndOrder() {
        final ByteBuffer raw = ByteBuffer.allocateDirect(32).order(ByteOrder.BIG_ENDIAN);
        raw.position(10).limit(12);

        final SharedBuffer buffer = new SharedBuffer(raw);
        buffer.putLongVolatile(24, 42);

        assertThat(buffer.capacity()).isEqualTo(32);
        assertThat(buffer.getLongAcquire(24)).isEqualTo(42);
        assertThat(raw.position()).isEqualTo(10);
        assertThat(raw.limit()).isEqualTo(12);
        assertThat(raw.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(raw.duplicate().clear().get(24)).as("little-endian").isEqualTo((byte)42);
    }

    @Test
    void shouldCompareAndSetOnlyWhenTheExpectedValueIsThere() {
        final SharedBuffer buffer = SharedBuffer.allocateDirect(64);
        buffer.putLongRelease(8, 5);
        buffer.putIntRelease(16, 7);

        assertThat(buffer.compareAndSetLong(8, 4, 9)).isFalse();
        assertThat(buffer.getLongVolatile(8)).isEqualTo(5);
        assertThat(buffer.compareAndSetLong(8, 5, 9)).isTrue();
        assertThat(buffer.getLongVolatile(8)).isEqualTo(9);
        assertThat(buffer.compareAndSetInt(16, 6, 1)).isFalse();
        assertThat(buffer.compareAndSetInt(16, 7, 1)).isTrue();
        assertThat(buffer.getIntVolatile(16)).isEqualTo(1);
    }

    @Test
    void shouldExchangeOnlyTheExpectedValueAndReturnWhatItHeld() {
        final SharedBuffer buffer = SharedBuffer.allocateDirect(64);
        buffer.putLongRelease(8, 5);

        assertThat(buffer.compareAndExchangeLong(8, 4, 9)).isEqualTo(5);
        assertThat(buffer.getLongVolatile(8)).isEqualTo(5);
        assertThat(buffer.compareAndExchangeLong(8, 5, 9)).isEqualTo(5);
        assertThat(buffer.getLongVolatile(8)).isEqualTo(9);
    }

    @Test
    void shouldAddAtomicallyAndReturnThePreviousValue() throws InterruptedException {
        final SharedBuffer buffer = SharedBuffer.allocateDirect(64);
        final Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 100_000; i++) {
                    buffer.getAndAddLong(0, 1);
                    buffer.getAndAddInt(8, 2);
                }
            });
            threads[t].start();
        }
        for (final Thread thread : threads) {
            thread.join();
        }

        assertThat(buffer.getAndAddLong(0, 0)).isEqualTo(400_000);
        assertThat(buffer.getAndAddInt(8, 0)).isEqualTo(800_000);
    }

    @Test
    void shouldCopyBytesBetweenArraysBuffersAndSharedBuffers() {
        final SharedBuffer buffer = SharedBuffer.allocateDirect(64);
        final byte[] source = "hello, shimmy".getBytes(StandardCharsets.US_ASCII);

        buffer.putBytes(3, source, 0, source.length);
        final SharedBuffer copy = SharedBuffer.allocateDirect(64);
        buffer.getBytes(3, copy, 10, source.length);
        final byte[] out = new byte[source.length];
        copy.getBytes(10, out, 0, out.length);
        final SharedBuffer third = SharedBuffer.allocateDirect(64);
        third.putBytes(0, copy, 10, 5);
        third.putBytes(5, ByteBuffer.wrap(source), 5, 8);

        assertThat(out).isEqualTo(source);
        assertThat(buffer.getStringAscii(3, source.length)).isEqualTo("hello, shimmy");
        assertThat(third.getStringAscii(0, 13)).isEqualTo("hello, shimmy");
    }

    @Test
    void shouldDecodeUtf8AndFillMemory() {
        final byte[] text = "größe".getBytes(StandardCharsets.UTF_8);
        final SharedBuffer buffer = SharedBuffer.allocateDirect(32);
        buffer.setMemory(0, 32, (byte)0x7F);
        buffer.putBytes(4, text, 0, text.length);

        assertThat(buffer.getStringUtf8(4, text.length)).isEqualTo("größe");
        assertThat(buffer.getByte(0)).isEqualTo((byte)0x7F);
        assertThat(buffer.getByte(31)).isEqualTo((byte)0x7F);
    }
}
