package io.shimmy.examples.frames;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FramePatternTest {
    @Test
    void shouldScrollFourRowsAFrameAndRepeatAfterAFullScreen() {
        final FramePattern pattern = new FramePattern(16, 8);
        assertThat(pattern.frameLength()).isEqualTo(16 * 8 * 3);
        final byte[] first = new byte[pattern.frameLength()];
        final byte[] second = new byte[pattern.frameLength()];
        final byte[] third = new byte[pattern.frameLength()];
        pattern.fill(0, first);
        pattern.fill(1, second);
        pattern.fill(2, third);
        assertThat(second).isNotEqualTo(first);
        assertThat(third).isEqualTo(first);
        final int row = 16 * 3;
        for (int i = 0; i < first.length - 4 * row; i++) {
            assertThat(second[i + 4 * row]).isEqualTo(first[i]);
        }
    }
}
