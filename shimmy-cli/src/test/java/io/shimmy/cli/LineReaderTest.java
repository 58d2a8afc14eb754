package io.shimmy.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {
    @Test
    void shouldSplitOnNewlinesAndKeepCarriageReturns() throws IOException {
        assertThat(lines("a\nbb\r\n\nccc\n", 100, 1 << 16)).containsExactly("a", "bb\r", "", "ccc");
    }

    @Test
    void shouldReturnLastLineWithoutNewline() throws IOException {
        assertThat(lines("a\nlast", 100, 1 << 16)).containsExactly("a", "last");
    }

    @Test
    void shouldReturnNothingForEmptyInput() throws IOException {
        assertThat(lines("", 100, 1 << 16)).isEmpty();
    }

    @Test
    void shouldReturnOneEmptyLineForALoneNewline() throws IOException {
        assertThat(lines("\n", 100, 1 << 16)).containsExactly("");
    }

    @Test
    void shouldJoinLinesSplitAcrossReads() throws IOException {
        final String text = "alpha\nbeta\ngamma delta\n\nepsilon";
        for (int chunk = 1; chunk <= 7; chunk++) {
            assertThat(lines(text, 100, chunk)).as("chunk " + chunk)
                .containsExactly("alpha", "beta", "gamma delta", "", "epsilon");
        }
    }

    @Test
    void shouldGrowForLinesLongerThanTheInitialBufferUpToTheMaximum() throws IOException {
        final String longLine = "x".repeat(200_000);
        assertThat(lines("a\n" + longLine + "\nb", 200_000, 4096)).containsExactly("a", longLine, "b");
    }

    @Test
    void shouldMeasureButNotKeepLinesLongerThanTheMaximum() throws IOException {
        final LineReader reader = reader("ok\n" + "y".repeat(10) + "\naft\n", 4, 3);
        assertThat(reader.next()).isTrue();
        assertThat(reader.tooLong()).isFalse();
        assertThat(reader.next()).isTrue();
        assertThat(reader.tooLong()).isTrue();
        assertThat(reader.length()).isEqualTo(10);
        assertThat(reader.lineNumber()).isEqualTo(2);
        assertThat(reader.next()).isTrue();
        assertThat(text(reader)).isEqualTo("aft");
        assertThat(reader.lineNumber()).isEqualTo(3);
        assertThat(reader.next()).isFalse();
    }

    @Test
    void shouldMeasureTooLongLastLineWithoutNewline() throws IOException {
        final LineReader reader = reader("z".repeat(100_000), 1000, 1 << 16);
        assertThat(reader.next()).isTrue();
        assertThat(reader.tooLong()).isTrue();
        assertThat(reader.length()).isEqualTo(100_000);
        assertThat(reader.next()).isFalse();
    }

    @Test
    void shouldAcceptLineOfExactlyTheMaximum() throws IOException {
        final LineReader reader = reader("1234\n12345\n", 4, 1 << 16);
        assertThat(reader.next()).isTrue();
        assertThat(reader.tooLong()).isFalse();
        assertThat(text(reader)).isEqualTo("1234");
        assertThat(reader.next()).isTrue();
        assertThat(reader.tooLong()).isTrue();
    }

    @Test
    void shouldPassEveryByteButNewlineThrough() throws IOException {
        final byte[] all = new byte[255];
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (b != '\n') {
                all[n++] = (byte)b;
            }
        }
        final byte[] input = new byte[2 * all.length + 1];
        System.arraycopy(all, 0, input, 0, all.length);
        input[all.length] = '\n';
        System.arraycopy(all, 0, input, all.length + 1, all.length);
        final LineReader reader = new LineReader(new ChunkedInputStream(input, 7), 1000);
        for (int i = 0; i < 2; i++) {
            assertThat(reader.next()).isTrue();
            assertThat(Arrays.copyOfRange(reader.buffer(), reader.offset(), reader.offset() + (int)reader.length()))
                .isEqualTo(all);
        }
        assertThat(reader.next()).isFalse();
    }

    private static List<String> lines(final String text, final int maxLength, final int chunk) throws IOException {
        final LineReader reader = reader(text, maxLength, chunk);
        final List<String> lines = new ArrayList<>();
        while (reader.next()) {
            assertThat(reader.tooLong()).isFalse();
            lines.add(text(reader));
        }
        return lines;
    }

    private static LineReader reader(final String text, final int maxLength, final int chunk) {
        return new LineReader(new ChunkedInputStream(text.getBytes(StandardCharsets.ISO_8859_1), chunk), maxLength);
    }

    private static String text(final LineReader reader) {
        return new String(reader.buffer(), reader.offset(), (int)reader.length(), StandardCharsets.ISO_8859_1);
    }

    /** Returns at most a few bytes per read, as a pipe may. */
    private static final class ChunkedInputStream extends InputStream {
        private final ByteArrayInputStream in;
        private final int chunk;

        ChunkedInputStream(final byte[] bytes, final int chunk) {
            this.in = new ByteArrayInputStream(bytes);
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(final byte[] b, final int off, final int len) {
            return in.read(b, off, Math.min(len, chunk));
        }
    }
}
