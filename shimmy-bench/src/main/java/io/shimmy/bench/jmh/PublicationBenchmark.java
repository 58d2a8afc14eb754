package io.shimmy.bench.jmh;

import io.shimmy.topic.BufferClaim;
import io.shimmy.topic.Publication;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What publishing costs the publishing thread: {@code offer} of a message copied from an array, and
 * {@code tryClaim}, an eight-byte write in place and {@code commit}. The topic has no subscriber, so the
 * publisher is never back-pressured and laps its 1 MiB ring (recomputing its limit once a lap).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PublicationBenchmark {
    /** Message length in bytes. */
    @Param({"32", "256", "4096"})
    public int size;

    private TopicFixture fixture;
    private Publication publication;
    private byte[] message;
    private final BufferClaim claim = new BufferClaim();

    /** Opens the topic. */
    @Setup
    public void open() {
        fixture = new TopicFixture(false);
        publication = fixture.publication();
        message = new byte[size];
    }

    /**
     * Closes the topic and removes its directory.
     *
     * @throws IOException if the directory cannot be removed.
     */
    @TearDown
    public void close() throws IOException {
        fixture.close();
    }

    /**
     * One {@code offer}.
     *
     * @return the position, or a negative code.
     */
    @Benchmark
    public long offer() {
        return publication.offer(message, 0, size);
    }

    /**
     * One {@code tryClaim}, a {@code long} written in place, and {@code commit}.
     *
     * @return the position, or a negative code.
     */
    @Benchmark
    public long tryClaimCommit() {
        if (publication.tryClaim(size, claim) < 0) {
            return -1;
        }
        claim.buffer().putLong(claim.offset(), size);
        return claim.commit();
    }
}
