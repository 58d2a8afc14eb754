package io.shimmy.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How a {@link Runner} starts its child JVMs. Setters are fluent and named like their getters; unset values take
 * the defaults in {@link #conclude()}.
 */
public final class RunnerConfig {
    /** Default ring capacity of ring-based transports: 1 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 20;
    /** Default time a measurement may take: 10 minutes. */
    public static final long DEFAULT_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(10);

    private String javaCommand;
    private String classPath;
    private List<Integer> cpus = List.of();
    private List<String> jvmOptions = List.of();
    private long timeoutNs = DEFAULT_TIMEOUT_NS;
    private int capacity = DEFAULT_CAPACITY;
    private Path workRoot;

    /**
     * Sets the {@code java} binary of the children.
     *
     * @param javaCommand path; default the running JVM's.
     * @return this.
     */
    public RunnerConfig javaCommand(final String javaCommand) {
        this.javaCommand = javaCommand;
        return this;
    }

    /**
     * The {@code java} binary of the children.
     *
     * @return its path.
     */
    public String javaCommand() {
        return javaCommand;
    }

    /**
     * Sets the class path of the children.
     *
     * @param classPath default the running JVM's.
     * @return this.
     */
    public RunnerConfig classPath(final String classPath) {
        this.classPath = classPath;
        return this;
    }

    /**
     * The class path of the children.
     *
     * @return the class path.
     */
    public String classPath() {
        return classPath;
    }

    /**
     * Sets the CPUs to pin children to with {@code taskset}: the client gets the first, server {@code i} the
     * {@code (i + 1)}th, round robin.
     *
     * @param cpus CPU numbers; empty (the default) for no pinning.
     * @return this.
     */
    public RunnerConfig cpus(final List<Integer> cpus) {
        this.cpus = List.copyOf(cpus);
        return this;
    }

    /**
     * The CPUs children are pinned to.
     *
     * @return CPU numbers, maybe empty.
     */
    public List<Integer> cpus() {
        return cpus;
    }

    /**
     * Sets extra options for every child JVM, after the transport's flags.
     *
     * @param jvmOptions e.g. {@code -Xmx256m}.
     * @return this.
     */
    public RunnerConfig jvmOptions(final List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
        return this;
    }

    /**
     * Extra options of every child JVM.
     *
     * @return the options.
     */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /**
     * Sets how long one measurement may take before it is stopped and reported as failed.
     *
     * @param timeoutNs nanoseconds.
     * @return this.
     */
    public RunnerConfig timeoutNs(final long timeoutNs) {
        this.timeoutNs = timeoutNs;
        return this;
    }

    /**
     * How long one measurement may take.
     *
     * @return nanoseconds.
     */
    public long timeoutNs() {
        return timeoutNs;
    }

    /**
     * Sets the ring capacity of ring-based transports (Shimmy, Agrona, the floor's throughput ring).
     *
     * @param capacity bytes, a power of two from 64 KiB.
     * @return this.
     */
    public RunnerConfig capacity(final int capacity) {
        this.capacity = capacity;
        return this;
    }

    /**
     * The ring capacity.
     *
     * @return bytes.
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Sets where run directories are made.
     *
     * @param workRoot a directory on a tmpfs; default {@code /dev/shm} if writable, else the temporary directory.
     * @return this.
     */
    public RunnerConfig workRoot(final Path workRoot) {
        this.workRoot = workRoot;
        return this;
    }

    /**
     * Where run directories are made.
     *
     * @return the directory.
     */
    public Path workRoot() {
        return workRoot;
    }

    /**
     * Fills in defaults and checks the values.
     *
     * @return this.
     * @throws IllegalArgumentException naming a bad value.
     */
    public RunnerConfig conclude() {
        if (javaCommand == null) {
            javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        if (classPath == null) {
            classPath = System.getProperty("java.class.path");
        }
        if (workRoot == null) {
            final Path shm = Path.of("/dev/shm");
            workRoot = Files.isDirectory(shm) && Files.isWritable(shm) ? shm :
                Path.of(System.getProperty("java.io.tmpdir"));
        }
        if (capacity < (1 << 16) || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity " + capacity + " must be a power of two from 64k");
        }
        if (timeoutNs <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        for (final int cpu : cpus) {
            if (cpu < 0) {
                throw new IllegalArgumentException("CPU " + cpu + " is not a CPU number");
            }
        }
        return this;
    }
}
