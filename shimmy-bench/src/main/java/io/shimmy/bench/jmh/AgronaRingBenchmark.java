package io.shimmy.bench.jmh;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The peer of {@link SubscriptionBenchmark#offerPoll}: a write and the read that takes it, in one thread, on
 * Agrona's single-producer {@link OneToOneRingBuffer} and multi-producer {@link ManyToOneRingBuffer} (the closer
 * match for a Shimmy topic, which many publishers share) over a 1 MiB direct buffer, the same size as the topic's
 * ring. The forks get the JVM flag Agrona 2 needs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class AgronaRingBenchmark {
    /** Message length in bytes. */
    @Param({"32"})
    public int size;

    /** Which ring: {@code one-to-one} or {@code many-to-one}. */
    @Param({"one-to-one", "many-to-one"})
    public String ring;

    private RingBuffer buffer;
    private UnsafeBuffer message;
    private MessageHandler handler;

    /**
     * Creates the ring.
     *
     * @param blackhole that consumes what the handler reads.
     */
    @Setup
    public void open(final Blackhole blackhole) {
        final UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect(
            TopicFixture.CAPACITY + RingBufferDescriptor.TRAILER_LENGTH));
        buffer = ring.equals("one-to-one") ? new OneToOneRingBuffer(memory) : new ManyToOneRingBuffer(memory);
        message = new UnsafeBuffer(new byte[size]);
        handler = (final int type, final MutableDirectBuffer source, final int index, final int length) ->
            blackhole.consume(source.getLong(index));
    }

    /**
     * One {@code write}, then one {@code read} of one message.
     *
     * @return messages read: 1.
     */
    @Benchmark
    public int writeRead() {
        buffer.write(1, message, 0, size);
        return buffer.read(handler, 1);
    }
}
