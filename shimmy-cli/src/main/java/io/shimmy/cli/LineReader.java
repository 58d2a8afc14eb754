package io.shimmy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines on {@code '\n'}, without decoding: each line is the bytes before its newline,
 * exactly (a {@code '\r'} stays part of the line). A last line without a newline is still a line; empty input has
 * none. Lines are returned in place in the read buffer, which grows only as far as the longest line allowed needs;
 * a longer line is measured, not kept.
 * <p>
 * <b>Note:</b> not thread-safe.
 */
final class LineReader {
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final InputStream in;
    private final int maxLength;
    private byte[] buffer;
    private int start;
    private int scan;
    private int limit;
    private boolean eof;
    private int lineOffset;
    private long lineLength;
    private long lineNumber;

    /**
     * A reader.
     *
     * @param in to read.
     * @param maxLength longest line that must be returned whole; longer ones are only measured.
     */
    LineReader(final InputStream in, final int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
        this.buffer = new byte[(int)Math.min(INITIAL_BUFFER, maxLength + 1L)];
    }

    /**
     * Reads the next line.
     *
     * @return false at the end of the input.
     * @throws IOException if reading fails.
     */
    boolean next() throws IOException {
        while (true) {
            for (int i = scan; i < limit; i++) {
                if (buffer[i] == '\n') {
                    return line(i, i + 1);
                }
            }
            scan = limit;
            if (eof) {
                return limit > start && line(limit, limit);
            }
            if (limit == buffer.length) {
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, limit - start);
                    limit -= start;
                    scan = limit;
                    start = 0;
                } else if (buffer.length <= maxLength) {
                    buffer = Arrays.copyOf(buffer, (int)Math.min(maxLength + 1L, 2L * buffer.length));
                } else {
                    return measureLongLine();
                }
            }
            final int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
    }

    private boolean line(final int end, final int next) {
        lineOffset = start;
        lineLength = end - start;
        lineNumber++;
        start = next;
        scan = next;
        return true;
    }

    private boolean measureLongLine() throws IOException {
        long length = limit - start;
        lineOffset = 0;
        lineNumber++;
        start = 0;
        scan = 0;
        limit = 0;
        while (!eof) {
            final int read = in.read(buffer, 0, buffer.length);
            if (read < 0) {
                eof = true;
                break;
            }
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    lineLength = length + i;
                    start = i + 1;
                    scan = start;
                    limit = read;
                    return true;
                }
            }
            length += read;
        }
        lineLength = length;
        return true;
    }

    /**
     * Whether the current line is longer than the maximum, so that its bytes are not available.
     *
     * @return true if {@link #length()} exceeds the maximum.
     */
    boolean tooLong() {
        return lineLength > maxLength;
    }

    /**
     * The buffer holding the current line.
     *
     * @return the buffer; valid until the next call to {@link #next()}.
     */
    byte[] buffer() {
        return buffer;
    }

    /**
     * Where the current line begins in {@link #buffer()}.
     *
     * @return the offset.
     */
    int offset() {
        return lineOffset;
    }

    /**
     * Length of the current line, without its newline.
     *
     * @return bytes.
     */
    long length() {
        return lineLength;
    }

    /**
     * Number of the current line, from 1.
     *
     * @return the line number.
     */
    long lineNumber() {
        return lineNumber;
    }
}
