package io.shimmy.examples.frames;

/**
 * Video-like frames without a camera: an RGB gradient, 3 bytes a pixel, that scrolls down four rows a frame.
 * The gradient is computed once; each frame is two bulk copies of it, so generating frames costs far less than
 * moving them.
 */
final class FramePattern {
    private static final int BYTES_PER_PIXEL = 3;
    private static final int ROWS_PER_FRAME = 4;

    private final byte[] base;
    private final int rowBytes;

    /**
     * A pattern.
     *
     * @param width in pixels.
     * @param height in pixels.
     */
    FramePattern(final int width, final int height) {
        this.rowBytes = width * BYTES_PER_PIXEL;
        this.base = new byte[rowBytes * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                final int at = y * rowBytes + x * BYTES_PER_PIXEL;
                base[at] = (byte)(x + y);
                base[at + 1] = (byte)(x * 2);
                base[at + 2] = (byte)(y * 2);
            }
        }
    }

    /**
     * Length of every frame.
     *
     * @return bytes.
     */
    int frameLength() {
        return base.length;
    }

    /**
     * Writes a frame.
     *
     * @param index of the frame.
     * @param frame at least {@link #frameLength()} bytes.
     */
    void fill(final long index, final byte[] frame) {
        final int shift = (int)((index * ROWS_PER_FRAME * rowBytes) % base.length);
        System.arraycopy(base, base.length - shift, frame, 0, shift);
        System.arraycopy(base, 0, frame, shift, base.length - shift);
    }
}
