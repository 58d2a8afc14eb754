package io.shimmy.mirror.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Two "hosts" on one machine, for tests and benchmarks: network namespaces {@code A} and {@code B} joined by a
 * veth pair, with addresses in a private /24 (10.231.N.1 and 10.231.N.2), created with unique names and removed on
 * close. Traffic goes only between the two namespaces. {@link #create()} returns null, with the reason printed,
 * where namespaces cannot be made (not root, no {@code ip netns}).
 */
public final class Namespaces implements AutoCloseable {
    private final String a;
    private final String b;
    private final String addressA;
    private final String addressB;
    private boolean closed;

    private Namespaces(final String a, final String b, final String addressA, final String addressB) {
        this.a = a;
        this.b = b;
        this.addressA = addressA;
        this.addressB = addressB;
    }

    /**
     * Creates the two namespaces, or explains why not.
     *
     * @return the namespaces, or null with the reason on standard output.
     */
    public static Namespaces create() {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.out.println("SKIPPED: network namespaces need root (running as " + System.getProperty("user.name") +
                ")");
            return null;
        }
        final int id = ThreadLocalRandom.current().nextInt(1 << 20);
        final int subnet = 1 + ThreadLocalRandom.current().nextInt(250);
        final String tag = Integer.toHexString(id);
        final Namespaces hosts = new Namespaces("shm-a-" + tag, "shm-b-" + tag, "10.231." + subnet + ".1",
            "10.231." + subnet + ".2");
        final String vethA = "shva" + tag;
        final String vethB = "shvb" + tag;
        try {
            run("ip", "netns", "add", hosts.a);
            run("ip", "netns", "add", hosts.b);
            run("ip", "link", "add", vethA, "type", "veth", "peer", "name", vethB);
            run("ip", "link", "set", vethA, "netns", hosts.a);
            run("ip", "link", "set", vethB, "netns", hosts.b);
            run("ip", "-n", hosts.a, "addr", "add", hosts.addressA + "/24", "dev", vethA);
            run("ip", "-n", hosts.b, "addr", "add", hosts.addressB + "/24", "dev", vethB);
            for (final String ns : List.of(hosts.a, hosts.b)) {
                run("ip", "-n", ns, "link", "set", "lo", "up");
            }
            run("ip", "-n", hosts.a, "link", "set", vethA, "up");
            run("ip", "-n", hosts.b, "link", "set", vethB, "up");
            return hosts;
        } catch (final IOException ex) {
            hosts.close();
            System.out.println("SKIPPED: cannot create network namespaces: " + ex.getMessage());
            return null;
        }
    }

    private static void run(final String... command) throws IOException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", ex);
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    /**
     * Name of namespace A.
     *
     * @return the name.
     */
    public String a() {
        return a;
    }

    /**
     * Name of namespace B.
     *
     * @return the name.
     */
    public String b() {
        return b;
    }

    /**
     * Address of A on the veth pair.
     *
     * @return the address.
     */
    public String addressA() {
        return addressA;
    }

    /**
     * Address of B on the veth pair.
     *
     * @return the address.
     */
    public String addressB() {
        return addressB;
    }

    /**
     * A command prefixed to run inside a namespace.
     *
     * @param namespace name.
     * @param command to run.
     * @return {@code ip netns exec NAMESPACE command...}.
     */
    public static List<String> in(final String namespace, final List<String> command) {
        final List<String> full = new ArrayList<>(Arrays.asList("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    /**
     * Kills what still runs inside the namespaces (processes the caller started there) and removes them.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (final String ns : List.of(a, b)) {
            try {
                run("ip", "netns", "pids", ns);
                final Process pids = new ProcessBuilder("ip", "netns", "pids", ns).start();
                final String text = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                pids.waitFor(10, TimeUnit.SECONDS);
                for (final String pid : text.split("\\s+")) {
                    if (!pid.isEmpty()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (final IOException | InterruptedException | NumberFormatException ignore) {
                // the namespace may not exist
            }
            try {
                run("ip", "netns", "delete", ns);
            } catch (final IOException ignore) {
                // never created
            }
        }
    }
}
