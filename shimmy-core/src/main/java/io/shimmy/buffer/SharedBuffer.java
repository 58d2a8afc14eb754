package io.shimmy.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A window on bytes that other processes may read and write at the same time: a mapped channel file, or a
 * private scratch buffer. Multi-byte values are little-endian, the byte order of the channel file format.
 * <p>
 * Plain accessors ({@link #getLong(int)}) have no ordering guarantees; {@code Acquire}/{@code Release} and
 * {@code Volatile} variants and the atomic operations follow {@link VarHandle} semantics. Atomic and ordered access
 * needs the index aligned to the size of the value, and a direct (or mapped) buffer: from JDK 22 on, buffers over
 * byte arrays ({@link #wrap(byte[])}) support plain and bulk access only.
 * <p>
 * <b>Note:</b> instances do not allocate on any accessor and are safe to share between threads; what the bytes
 * mean, and who may write them when, is the protocol's business.
 */
public final class SharedBuffer {
    private static final VarHandle LONG =
        MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT =
        MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer buffer;
    private final int capacity;

    /**
     * Wraps the whole of a buffer, from index 0 to its capacity, whatever its position and limit.
     *
     * @param buffer to wrap; kept, not copied, and set to little-endian order.
     */
    public SharedBuffer(final ByteBuffer buffer) {
        this.buffer = buffer.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
        this.capacity = this.buffer.capacity();
    }

    /**
     * Allocates a private direct buffer, for copies and tests.
     *
     * @param capacity in bytes.
     * @return a zeroed buffer of that capacity.
     */
    public static SharedBuffer allocateDirect(final int capacity) {
        return new SharedBuffer(ByteBuffer.allocateDirect(capacity));
    }

    /**
     * Wraps a byte array.
     *
     * @param bytes to wrap; writes through the buffer change the array.
     * @return a buffer over the whole array.
     */
    public static SharedBuffer wrap(final byte[] bytes) {
        return new SharedBuffer(ByteBuffer.wrap(bytes));
    }

    /**
     * The underlying buffer, for bulk access by code that takes {@link ByteBuffer}s. Its position and limit are
     * not used by this class; use absolute methods or a {@link ByteBuffer#duplicate()}.
     *
     * @return the wrapped buffer (little-endian).
     */
    public ByteBuffer byteBuffer() {
        return buffer;
    }

    /**
     * Length of the window.
     *
     * @return capacity in bytes.
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Reads a byte.
     *
     * @param index of the byte.
     * @return the byte.
     */
    public byte getByte(final int index) {
        return buffer.get(index);
    }

    /**
     * Writes a byte.
     *
     * @param index of the byte.
     * @param value to write.
     */
    public void putByte(final int index, final byte value) {
        buffer.put(index, value);
    }

    /**
     * Reads an int without ordering guarantees.
     *
     * @param index at which the value begins.
     * @return the value.
     */
    public int getInt(final int index) {
        return (int)INT.get(buffer, index);
    }

    /**
     * Writes an int without ordering guarantees.
     *
     * @param index at which the value begins.
     * @param value to write.
     */
    public void putInt(final int index, final int value) {
        INT.set(buffer, index, value);
    }

    /**
     * Reads an int with acquire semantics.
     *
     * @param index at which the value begins, 4-byte aligned.
     * @return the value.
     */
    public int getIntAcquire(final int index) {
        return (int)INT.getAcquire(buffer, index);
    }

    /**
     * Reads an int with volatile semantics.
     *
     * @param index at which the value begins, 4-byte aligned.
     * @return the value.
     */
    public int getIntVolatile(final int index) {
        return (int)INT.getVolatile(buffer, index);
    }

    /**
     * Writes an int with release semantics.
     *
     * @param index at which the value begins, 4-byte aligned.
     * @param value to write.
     */
    public void putIntRelease(final int index, final int value) {
        INT.setRelease(buffer, index, value);
    }

    /**
     * Atomically adds to an int.
     *
     * @param index at which the value begins, 4-byte aligned.
     * @param delta to add.
     * @return the value before the addition.
     */
    public int getAndAddInt(final int index, final int delta) {
        return (int)INT.getAndAdd(buffer, index, delta);
    }

    /**
     * Atomically sets an int if it holds the expected value.
     *
     * @param index at which the value begins, 4-byte aligned.
     * @param expected value.
     * @param update to store.
     * @return true if the value was stored.
     */
    public boolean compareAndSetInt(final int index, final int expected, final int update) {
        return INT.compareAndSet(buffer, index, expected, update);
    }

    /**
     * Reads a long without ordering guarantees.
     *
     * @param index at which the value begins.
     * @return the value.
     */
    public long getLong(final int index) {
        return (long)LONG.get(buffer, index);
    }

    /**
     * Writes a long without ordering guarantees.
     *
     * @param index at which the value begins.
     * @param value to write.
     */
    public void putLong(final int index, final long value) {
        LONG.set(buffer, index, value);
    }

    /**
     * Reads a long with acquire semantics.
     *
     * @param index at which the value begins, 8-byte aligned.
     * @return the value.
     */
    public long getLongAcquire(final int index) {
        return (long)LONG.getAcquire(buffer, index);
    }

    /**
     * Reads a long with volatile semantics.
     *
     * @param index at which the value begins, 8-byte aligned.
     * @return the value.
     */
    public long getLongVolatile(final int index) {
        return (long)LONG.getVolatile(buffer, index);
    }

    /**
     * Writes a long with release semantics: every earlier write is visible before it.
     *
     * @param index at which the value begins, 8-byte aligned.
     * @param value to write.
     */
    public void putLongRelease(final int index, final long value) {
        LONG.setRelease(buffer, index, value);
    }

    /**
     * Writes a long with volatile semantics.
     *
     * @param index at which the value begins, 8-byte aligned.
     * @param value to write.
     */
    public void putLongVolatile(final int index, final long value) {
        LONG.setVolatile(buffer, index, value);
    }

    /**
     * Atomically sets a long if it holds the expected value.
     *
     * @param index at which the value begins, 8-byte aligned.
     * @param expected value.
     * @param update to store.
     * @return true if the value was stored.
     */
    public boolean compareAndSetLong(final int index, final long expected, final long update) {
        return LONG.compareAndSet(buffer, index, expected, update);
    }

    /**
     * Atomically sets a long if it holds the expected value, and returns the value it held.
     *
     * @param index at which the value begins, 8-byte aligned.
     * @param expected value.
     * @param update to store.
     * @return the value before: {@code expected} if the update was stored, else what the long held instead.
     */
    public long compareAndExchangeLong(final int index, final long expected, final long update) {
        return (long)LONG.compareAndExchange(buffer, index, expected, update);
    }

    /**
     * Atomically adds to a long.
     *
     * @param index at which the value begins, 8-byte aligned.
     * @param delta to add.
     * @return the value before the addition.
     */
    public long getAndAddLong(final int index, final long delta) {
        return (long)LONG.getAndAdd(buffer, index, delta);
    }

    /**
     * Copies bytes out to an array.
     *
     * @param index of the first byte to copy.
     * @param dst array to copy into.
     * @param dstOffset at which the copy begins in {@code dst}.
     * @param length number of bytes.
     */
    public void getBytes(final int index, final byte[] dst, final int dstOffset, final int length) {
        buffer.get(index, dst, dstOffset, length);
    }

    /**
     * Copies bytes out to another shared buffer.
     *
     * @param index of the first byte to copy.
     * @param dst buffer to copy into.
     * @param dstIndex at which the copy begins in {@code dst}.
     * @param length number of bytes.
     */
    public void getBytes(final int index, final SharedBuffer dst, final int dstIndex, final int length) {
        dst.buffer.put(dstIndex, buffer, index, length);
    }

    /**
     * Copies bytes in from an array.
     *
     * @param index at which the copy begins.
     * @param src array to copy from.
     * @param srcOffset of the first byte in {@code src}.
     * @param length number of bytes.
     */
    public void putBytes(final int index, final byte[] src, final int srcOffset, final int length) {
        buffer.put(index, src, srcOffset, length);
    }

    /**
     * Copies bytes in from a {@link ByteBuffer}, leaving its position unchanged.
     *
     * @param index at which the copy begins.
     * @param src buffer to copy from.
     * @param srcIndex of the first byte in {@code src}.
     * @param length number of bytes.
     */
    public void putBytes(final int index, final ByteBuffer src, final int srcIndex, final int length) {
        buffer.put(index, src, srcIndex, length);
    }

    /**
     * Copies bytes in from another shared buffer.
     *
     * @param index at which the copy begins.
     * @param src buffer to copy from.
     * @param srcIndex of the first byte in {@code src}.
     * @param length number of bytes.
     */
    public void putBytes(final int index, final SharedBuffer src, final int srcIndex, final int length) {
        buffer.put(index, src.buffer, srcIndex, length);
    }

    /**
     * Fills a range with one byte value.
     *
     * @param index of the first byte.
     * @param length number of bytes.
     * @param value to write.
     */
    public void setMemory(final int index, final int length, final byte value) {
        for (int i = 0; i < length; i++) {
            buffer.put(index + i, value);
        }
    }

    /**
     * Decodes US-ASCII text, for names stored in headers; not for hot paths.
     *
     * @param index of the first byte.
     * @param length number of bytes.
     * @return the text.
     */
    public String getStringAscii(final int index, final int length) {
        final byte[] bytes = new byte[length];
        buffer.get(index, bytes, 0, length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /**
     * Decodes UTF-8 text of a message, a convenience for handlers that are not on a hot path.
     *
     * @param index of the first byte.
     * @param length number of bytes.
     * @return the text.
     */
    public String getStringUtf8(final int index, final int length) {
        final byte[] bytes = new byte[length];
        buffer.get(index, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
