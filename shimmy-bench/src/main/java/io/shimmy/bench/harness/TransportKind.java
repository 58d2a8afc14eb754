package io.shimmy.bench.harness;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The transports the harness knows: a name, the class that implements it (loaded by name, and only in the child
 * JVMs, so that a runner without the peer libraries on its class path still lists them), the JVM flags its child
 * processes need, and what it supports.
 *
 * @param name as written in results and on the command line.
 * @param className of the {@link Transport}.
 * @param jvmFlags given to every child JVM of a run of this transport.
 * @param waits waits it supports.
 * @param throughput whether it has a one-way throughput run (with fan-out to several subscribers).
 * @param description one line for documentation and {@code --help}.
 */
public record TransportKind(String name, String className, List<String> jvmFlags, Set<Wait> waits,
    boolean throughput, String description) {

    private static final String TRANSPORTS = "io.shimmy.bench.transport.";
    private static final String PEERS = "io.shimmy.bench.peer.";
    private static final List<String> AGRONA_FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    private static final List<String> CHRONICLE_FLAGS = List.of(
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true",
        "-Dchronicle.announcer.disable=true",
        "-Dchronicle.disk.monitor.disable=true");

    /** Every transport, flag-free ones first. */
    public static final List<TransportKind> ALL = List.of(
        new TransportKind("shimmy-topic", TRANSPORTS + "ShimmyTopicTransport", List.of(),
            EnumSet.allOf(Wait.class), true, "a Shimmy topic (one publication, a subscription per server)"),
        new TransportKind("shimmy-stream", TRANSPORTS + "ShimmyStreamTransport", List.of(),
            EnumSet.allOf(Wait.class), true, "a Shimmy byte stream (a connection per server, read in place)"),
        new TransportKind("shm-floor", TRANSPORTS + "ShmFloorTransport", List.of(),
            EnumSet.of(Wait.SPIN, Wait.YIELD), true, "the floor: one long ping-pong in a mapped /dev/shm file " +
            "(throughput: a bare single-producer single-consumer ring of fixed-size slots)"),
        new TransportKind("uds", TRANSPORTS + "UdsTransport", List.of(), EnumSet.allOf(Wait.class), true,
            "Unix domain stream socket (JDK 16+ SocketChannel), one write per message"),
        new TransportKind("tcp", TRANSPORTS + "TcpTransport", List.of(), EnumSet.allOf(Wait.class), true,
            "TCP over loopback with TCP_NODELAY, one write per message"),
        new TransportKind("agrona", PEERS + "AgronaTransport", AGRONA_FLAGS, EnumSet.of(Wait.SPIN, Wait.YIELD), true,
            "Agrona OneToOneRingBuffer over a mapped /dev/shm file (one ring per subscriber)"),
        new TransportKind("aeron-ipc", PEERS + "AeronIpcTransport", AGRONA_FLAGS,
            EnumSet.of(Wait.SPIN, Wait.YIELD), true, "Aeron aeron:ipc, embedded media driver, driver defaults"),
        new TransportKind("aeron-ipc-pretouch", PEERS + "AeronIpcTransport",
            plus(AGRONA_FLAGS, "-Daeron.pre.touch.mapped.memory=true"), EnumSet.of(Wait.SPIN, Wait.YIELD), true,
            "Aeron aeron:ipc with aeron.pre.touch.mapped.memory=true"),
        new TransportKind("chronicle", PEERS + "ChronicleTransport", CHRONICLE_FLAGS,
            EnumSet.of(Wait.SPIN, Wait.YIELD), true, "Chronicle Queue on /dev/shm, one appender and a tailer per " +
            "subscriber"));

    /**
     * Whether the child JVMs need no flags: such transports run from any class path, e.g. the {@code shimmy} jar.
     *
     * @return true if {@link #jvmFlags()} is empty.
     */
    public boolean flagFree() {
        return jvmFlags.isEmpty();
    }

    /**
     * The transport by name.
     *
     * @param name as in {@link #name()}.
     * @return the transport.
     * @throws IllegalArgumentException listing the known names.
     */
    public static TransportKind named(final String name) {
        for (final TransportKind kind : ALL) {
            if (kind.name.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + name + "': use one of " + names(ALL));
    }

    /**
     * The transports that need no JVM flags.
     *
     * @return them, in table order.
     */
    public static List<TransportKind> flagFreeKinds() {
        final List<TransportKind> kinds = new ArrayList<>();
        for (final TransportKind kind : ALL) {
            if (kind.flagFree()) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    /**
     * Names, comma-separated.
     *
     * @param kinds to name.
     * @return e.g. {@code shimmy-topic, uds}.
     */
    public static String names(final List<TransportKind> kinds) {
        final List<String> names = new ArrayList<>();
        for (final TransportKind kind : kinds) {
            names.add(kind.name);
        }
        return String.join(", ", names);
    }

    /**
     * A new instance of the transport; in a child JVM, whose class path has its classes.
     *
     * @return the transport.
     * @throws IllegalStateException if its class is not on the class path.
     */
    public Transport newTransport() {
        try {
            return (Transport)Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (final ClassNotFoundException | NoClassDefFoundError ex) {
            throw new IllegalStateException("transport " + name + " is not on this class path (" + className +
                "); run it from shimmy-bench/target/benchmarks.jar", ex);
        } catch (final ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot create transport " + name + ": " + ex, ex);
        }
    }

    private static List<String> plus(final List<String> flags, final String flag) {
        final List<String> all = new ArrayList<>(flags);
        all.add(flag);
        return List.copyOf(all);
    }
}
