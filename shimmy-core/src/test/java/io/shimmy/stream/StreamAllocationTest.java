package io.shimmy.stream;

import io.shimmy.Shimmy;
import io.shimmy.ShimmyContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hot paths of a connection allocate nothing: writes and reads of arrays and buffers, in both modes, the
 * stream views and zero-copy polls, measured with the JVM's per-thread allocation counter after a warm-up.
 */
class StreamAllocationTest {
    private static final int ROUNDS = 20_000;

    @TempDir
    Path dir;

    @Test
    void shouldNotAllocateOnReadsWritesAndPolls() throws Exception {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (Shimmy shimmy = Shimmy.open(new ShimmyContext().dir(dir));
             StreamListener listener = shimmy.listen("alloc", new StreamConfig().capacity(4096));
             Pair pair = Pair.open(shimmy, listener, new StreamConfig())) {
            final byte[] bytes = new byte[5000];
            final ByteBuffer heap = ByteBuffer.allocate(1500);
            final ByteBuffer direct = ByteBuffer.allocateDirect(1500);
            final StreamHandler consumeAll = (buffer, offset, length) -> length;
            rounds(pair, bytes, heap, direct, consumeAll);
            final long thread = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(thread);
            rounds(pair, bytes, heap, direct, consumeAll);
            final long allocated = threads.getThreadAllocatedBytes(thread) - before;
            assertThat(allocated).as("bytes allocated by %d rounds", ROUNDS).isZero();
        }
    }

    private static void rounds(final Pair pair, final byte[] bytes, final ByteBuffer heap, final ByteBuffer direct,
        final StreamHandler consumeAll) throws Exception {
        final StreamConnection writer = pair.connector();
        final StreamConnection reader = pair.acceptor();
        for (int i = 0; i < ROUNDS; i++) {
            writer.blocking(true).write(bytes, 0, 1500);
            reader.blocking(true).read(bytes, 0, 1500);
            heap.clear();
            writer.write(heap);
            direct.clear();
            reader.read(direct);
            writer.outputStream().write(bytes, 0, 1000);
            reader.inputStream().read(bytes, 0, 1000);
            writer.blocking(false).write(bytes, 0, 3000);
            reader.blocking(false).read(bytes, 0, 200);
            while (reader.poll(consumeAll, 4096) > 0) {
                continue;
            }
            reader.read(bytes, 0, 10);
        }
    }
}
