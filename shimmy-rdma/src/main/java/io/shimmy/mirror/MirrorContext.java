package io.shimmy.mirror;

import io.shimmy.InvalidConfigurationException;
import io.shimmy.mirror.disni.DisniTransport;
import io.shimmy.mirror.tcp.TcpTransport;
import io.shimmy.mirror.ucx.UcxTransport;
import io.shimmy.wait.BlockingWait;
import io.shimmy.wait.WaitStrategy;
import io.shimmy.wait.Waitable;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Options of a mirror, on either side: the transport, the shared secret, how to wait and where log lines go.
 * Fluent setters named like the getters; {@link #conclude()} checks them.
 */
public final class MirrorContext {
    /** The default transport. */
    public static final String DEFAULT_TRANSPORT = UcxTransport.NAME;
    /** Default most ring bytes shipped in one region. */
    public static final int DEFAULT_BATCH_BYTES = 256 * 1024;
    /** Default silence after which a peer counts as gone. */
    public static final long DEFAULT_PEER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** Idle cycles a {@code block} wait of a mirror's thread spins before it sleeps. */
    public static final int BLOCK_SPINS = 20;
    /** Default time a {@code tcp} sender with the {@code block} wait yields, after its last work, before it sleeps. */
    public static final long DEFAULT_SENDER_LINGER_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private String transport = DEFAULT_TRANSPORT;
    private Supplier<Transport> factory;
    private MirrorSecret secret;
    private String waitStrategy = "backoff";
    private int batchBytes = DEFAULT_BATCH_BYTES;
    private long senderLingerNs = -1;
    private long peerTimeoutNs = DEFAULT_PEER_TIMEOUT_NS;
    private long heartbeatIntervalNs = TimeUnit.SECONDS.toNanos(1);
    private long handshakeTimeoutNs = TimeUnit.SECONDS.toNanos(10);
    private long retryIntervalNs = TimeUnit.SECONDS.toNanos(1);
    private Consumer<String> log = line -> System.err.println("shimmy: mirror: " + line);

    /**
     * Sets the transport.
     *
     * @param transport {@code ucx} (default), {@code tcp} or {@code disni}.
     * @return this.
     */
    public MirrorContext transport(final String transport) {
        this.transport = transport.toLowerCase(Locale.ROOT);
        this.factory = null;
        return this;
    }

    /**
     * Sets a transport of one's own (another fabric, or a test double), used on both ends under one name.
     *
     * @param name the transport's name, which both ends must agree on.
     * @param factory makes a new instance for each connection.
     * @return this.
     */
    public MirrorContext transport(final String name, final Supplier<Transport> factory) {
        this.transport = name;
        this.factory = factory;
        return this;
    }

    /**
     * The transport's name.
     *
     * @return the name.
     */
    public String transport() {
        return transport;
    }

    /**
     * A new instance of the configured transport.
     *
     * @return the transport.
     */
    public Transport newTransport() {
        if (factory != null) {
            return factory.get();
        }
        switch (transport) {
            case TcpTransport.NAME:
                return new TcpTransport();
            case UcxTransport.NAME:
                return new UcxTransport();
            case DisniTransport.NAME:
                return new DisniTransport();
            default:
                throw new InvalidConfigurationException("unknown mirror transport '" + transport +
                    "': use ucx, tcp or disni");
        }
    }

    /**
     * Sets the shared secret.
     *
     * @param secret the same on both hosts.
     * @return this.
     */
    public MirrorContext secret(final MirrorSecret secret) {
        this.secret = secret;
        return this;
    }

    /**
     * The shared secret.
     *
     * @return the secret.
     */
    public MirrorSecret secret() {
        return secret;
    }

    /**
     * Sets how the mirror's thread waits when idle.
     *
     * @param waitStrategy {@code spin}, {@code yield}, {@code backoff} (default) or {@code block}: a receiver sleeps
     *     on its connection's socket, a sender of one topic on the topic's futex word (woken by its publishers),
     *     at most 1 ms at a time, so acknowledgements and heartbeats keep flowing.
     * @return this.
     */
    public MirrorContext waitStrategy(final String waitStrategy) {
        WaitStrategy.named(waitStrategy, timeoutNs -> { });
        this.waitStrategy = waitStrategy;
        return this;
    }

    /**
     * How the mirror's thread waits when idle.
     *
     * @return the strategy's name.
     */
    public String waitStrategy() {
        return waitStrategy;
    }

    /**
     * A new wait strategy of the configured kind for a mirror's thread. {@code block} spins only briefly before it
     * sleeps: a mirror's threads hand work to each other and to the applications' threads, and on a machine with
     * few cores a long spin takes the core the next thread needs.
     *
     * @param waitable what {@code block} sleeps on.
     * @return the strategy.
     */
    public WaitStrategy newWaitStrategy(final Waitable waitable) {
        if ("block".equalsIgnoreCase(waitStrategy)) {
            return new BlockingWait(waitable, BLOCK_SPINS, TimeUnit.MILLISECONDS.toNanos(1));
        }
        return WaitStrategy.named(waitStrategy, waitable);
    }

    /**
     * A new wait strategy of the configured kind for a sender's thread. {@code block} yields for
     * {@link #senderLingerNs()} after the last work before it sleeps on the topic: a sender that sleeps costs its
     * publishers a wake-up system call on every commit until it runs again, and a message that arrives while it
     * sleeps pays a wake-up (tens of microseconds on a VM whose idle vCPUs halt).
     *
     * @param waitable what {@code block} sleeps on.
     * @return the strategy.
     */
    public WaitStrategy newSenderWaitStrategy(final Waitable waitable) {
        if ("block".equalsIgnoreCase(waitStrategy)) {
            return new LingeringWait(waitable, BLOCK_SPINS, senderLingerNs(), TimeUnit.MILLISECONDS.toNanos(1));
        }
        return WaitStrategy.named(waitStrategy, waitable);
    }

    /**
     * Sets how long a sender with the {@code block} wait yields its core, after its last work, before it sleeps.
     *
     * @param lingerNs 0 (sleep at once, after a few spins) to 1 s. Default: 100 µs for {@code tcp}, longer than its
     *     mirrored round trip on a VM, so that a steady flow of messages never waits for the sender to wake; 0 for
     *     the one-sided transports, whose longer round trips (a flush before each tail) a linger would not cover
     *     and whose work the yielding thread would slow down.
     * @return this.
     */
    public MirrorContext senderLingerNs(final long lingerNs) {
        if (lingerNs < 0 || lingerNs > TimeUnit.SECONDS.toNanos(1)) {
            throw new InvalidConfigurationException("mirror sender linger of " + lingerNs + " ns: use 0 to 1 s");
        }
        this.senderLingerNs = lingerNs;
        return this;
    }

    /**
     * How long a sender with the {@code block} wait yields before it sleeps.
     *
     * @return nanoseconds.
     */
    public long senderLingerNs() {
        if (senderLingerNs >= 0) {
            return senderLingerNs;
        }
        return TcpTransport.NAME.equals(transport) ? DEFAULT_SENDER_LINGER_NS : 0;
    }

    /**
     * Sets the most ring bytes shipped before a tail is published.
     *
     * @param batchBytes 4 KiB to 64 MiB.
     * @return this.
     */
    public MirrorContext batchBytes(final int batchBytes) {
        this.batchBytes = batchBytes;
        return this;
    }

    /**
     * The most ring bytes shipped before a tail is published.
     *
     * @return bytes.
     */
    public int batchBytes() {
        return batchBytes;
    }

    /**
     * Sets how long a silent peer is waited for before the connection is dropped.
     *
     * @param timeoutNs at least twice the heartbeat interval.
     * @return this.
     */
    public MirrorContext peerTimeoutNs(final long timeoutNs) {
        this.peerTimeoutNs = timeoutNs;
        return this;
    }

    /**
     * How long a silent peer is waited for.
     *
     * @return nanoseconds.
     */
    public long peerTimeoutNs() {
        return peerTimeoutNs;
    }

    /**
     * How often an idle connection sends a heartbeat.
     *
     * @return nanoseconds.
     */
    public long heartbeatIntervalNs() {
        return heartbeatIntervalNs;
    }

    /**
     * Sets how long the handshake may take.
     *
     * @param timeoutNs longest handshake.
     * @return this.
     */
    public MirrorContext handshakeTimeoutNs(final long timeoutNs) {
        this.handshakeTimeoutNs = timeoutNs;
        return this;
    }

    /**
     * How long the handshake may take.
     *
     * @return nanoseconds.
     */
    public long handshakeTimeoutNs() {
        return handshakeTimeoutNs;
    }

    /**
     * Sets how long a sender waits before connecting again, or retrying a topic the receiver could not take yet.
     *
     * @param intervalNs the wait.
     * @return this.
     */
    public MirrorContext retryIntervalNs(final long intervalNs) {
        this.retryIntervalNs = intervalNs;
        return this;
    }

    /**
     * How long a sender waits before trying again.
     *
     * @return nanoseconds.
     */
    public long retryIntervalNs() {
        return retryIntervalNs;
    }

    /**
     * Sets where log lines go (one line per event: connections, refusals, losses).
     *
     * @param log receives each line.
     * @return this.
     */
    public MirrorContext log(final Consumer<String> log) {
        this.log = log;
        return this;
    }

    /**
     * Where log lines go.
     *
     * @return the consumer.
     */
    public Consumer<String> log() {
        return log;
    }

    /**
     * Checks the options.
     *
     * @return this.
     * @throws InvalidConfigurationException naming the option that is wrong.
     */
    public MirrorContext conclude() {
        newTransport();
        if (secret == null) {
            throw new InvalidConfigurationException("a mirror needs a shared secret: set MirrorContext.secret " +
                "(the CLI: --secret-file, " + MirrorSecret.FILE_ENV + " or " + MirrorSecret.ENV + ")");
        }
        if (batchBytes < 4096 || batchBytes > 64 << 20) {
            throw new InvalidConfigurationException("mirror batch of " + batchBytes + " bytes: use 4 KiB to 64 MiB");
        }
        if (peerTimeoutNs < 2 * heartbeatIntervalNs) {
            throw new InvalidConfigurationException("mirror peer timeout must be at least twice the heartbeat " +
                "interval of " + heartbeatIntervalNs / 1_000_000 + " ms");
        }
        return this;
    }
}
