package io.shimmy.cli;

import io.shimmy.ChannelNotFoundException;
import io.shimmy.topic.TopicStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code bin/shimmy} as real processes for end-to-end tests: each test gets a fresh channel directory under
 * {@code /dev/shm} and a log directory (the processes' working directory, where a crashing JVM would leave its
 * {@code hs_err} file). Every finished process's standard error is checked to be at most one {@code shimmy: } line
 * without a stack trace.
 */
abstract class CliProcesses {
    /** Repository root: failsafe runs in shimmy-cli, so it is the nearest parent holding bin/shimmy. */
    static final Path ROOT = findRoot();
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Whether this JVM has SIGINT ignored, so that its children would too (see {@code start}). */
    private static final boolean INTERRUPT_IGNORED = interruptIgnored();

    private final List<Process> started = new ArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    private Path workspace;
    /** The channel directory of the test. */
    Path dir;
    /** Where standard input, output and error of the processes are kept. */
    Path logs;

    /** What a finished process did. */
    record Result(int exitCode, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        List<String> lines() {
            final String text = out();
            if (text.isEmpty()) {
                return List.of();
            }
            return Arrays.asList((text.endsWith("\n") ? text.substring(0, text.length() - 1) : text).split("\n", -1));
        }
    }

    /** A process started in the background, with where its output goes. */
    record Background(Process process, Path stdout, Path stderr) {
        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("shimmy did not finish within " + TIMEOUT + ": " + process.info().commandLine().orElse("?"));
            }
            final Result result = new Result(process.exitValue(), Files.readAllBytes(stdout),
                Files.readString(stderr, StandardCharsets.UTF_8));
            assertCleanStderr(result.stderr());
            return result;
        }
    }

    @BeforeEach
    void createWorkspace() throws IOException {
        final Path shm = Path.of("/dev/shm");
        workspace = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm :
            Path.of(System.getProperty("java.io.tmpdir")), "shimmy-it-");
        dir = workspace.resolve("channels");
        logs = Files.createDirectory(workspace.resolve("logs"));
    }

    @AfterEach
    void removeWorkspace() throws IOException, InterruptedException {
        for (final Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> files = Files.list(logs)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("hs_err"));
        }
        try (Stream<Path> paths = Files.walk(workspace)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Runs shimmy to completion with empty input.
     *
     * @param args the command line.
     * @return what it did.
     */
    Result shimmy(final String... args) throws IOException, InterruptedException {
        return shimmyWithInput(new byte[0], args);
    }

    /**
     * Runs shimmy to completion.
     *
     * @param input standard input.
     * @param args the command line.
     * @return what it did.
     */
    Result shimmyWithInput(final byte[] input, final String... args) throws IOException, InterruptedException {
        return start(input, args).await();
    }

    /**
     * Starts shimmy in the background with empty input.
     *
     * @param args the command line.
     * @return the process.
     */
    Background start(final String... args) throws IOException {
        return start(new byte[0], args);
    }

    /**
     * Starts shimmy in the background.
     *
     * @param input standard input.
     * @param args the command line.
     * @return the process.
     */
    Background start(final byte[] input, final String... args) throws IOException {
        final int run = runs.incrementAndGet();
        return start(ProcessBuilder.Redirect.from(Files.write(logs.resolve(run + ".in"), input).toFile()), run, args);
    }

    /**
     * Starts shimmy in the background with standard input a pipe that stays open until the test writes to and
     * closes {@code process().getOutputStream()}.
     *
     * @param args the command line.
     * @return the process.
     */
    Background startWithOpenInput(final String... args) throws IOException {
        return start(ProcessBuilder.Redirect.PIPE, runs.incrementAndGet(), args);
    }

    private static boolean interruptIgnored() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << (2 - 1))) != 0;
                }
            }
        } catch (final IOException | NumberFormatException notLinux) {
            // no /proc: leave the command as it is
        }
        return false;
    }

    private Background start(final ProcessBuilder.Redirect stdin, final int run, final String... args)
        throws IOException {
        final Path stdout = logs.resolve(run + ".out");
        final Path stderr = logs.resolve(run + ".err");
        final List<String> command = new ArrayList<>();
        if (INTERRUPT_IGNORED) {
            // started as a background job of a non-interactive shell, this JVM inherited SIGINT ignored, and so
            // would every process it starts (a JVM leaves an ignored SIGINT ignored): give them the disposition a
            // user's terminal gives, so that the tests of Ctrl-C test it (env execs in place: same pid)
            command.add("env");
            command.add("--default-signal=INT");
        }
        command.add(ROOT.resolve("bin/shimmy").toString());
        command.addAll(Arrays.asList(args));
        final ProcessBuilder builder = new ProcessBuilder(command).directory(logs.toFile())
            .redirectInput(stdin).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        final Map<String, String> env = builder.environment();
        env.remove("SHIMMY_DIR");
        env.remove("SHIMMY_MODE");
        env.remove("SHIMMY_DEBUG");
        env.remove("SHIMMY_JAVA_OPTS");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        final Process process = builder.start();
        started.add(process);
        return new Background(process, stdout, stderr);
    }

    /**
     * Checks what an expected error looks like: nothing, or one line starting {@code shimmy: }, never a stack trace.
     *
     * @param stderr a process's standard error.
     */
    static void assertCleanStderr(final String stderr) {
        assertThat(stderr).doesNotContain("Exception").doesNotContain("\tat ");
        if (!stderr.isEmpty()) {
            assertThat(stderr).startsWith("shimmy: ").endsWith("\n");
            assertThat(stderr.lines().count()).as("lines in: " + stderr).isEqualTo(1);
        }
    }

    /**
     * Lines as bytes: each followed by a newline.
     *
     * @param lines the text.
     * @return the bytes.
     */
    static byte[] lines(final List<String> lines) {
        final StringBuilder text = new StringBuilder();
        for (final String line : lines) {
            text.append(line).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Numbered lines: {@code prefix-1} to {@code prefix-count}.
     *
     * @param prefix of each line.
     * @param count of lines.
     * @return the lines.
     */
    static List<String> numbered(final String prefix, final int count) {
        final List<String> lines = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            lines.add(prefix + "-" + i);
        }
        return lines;
    }

    /**
     * Waits until a topic has a number of live subscribers.
     *
     * @param topic name.
     * @param count of live subscribers.
     */
    void awaitLiveSubscribers(final String topic, final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (liveSubscribers(topic) == count) {
                return;
            }
            Thread.sleep(20);
        }
        fail("topic '" + topic + "' did not get " + count + " live subscribers; it has " + liveSubscribers(topic));
    }

    /**
     * Counts a topic's live subscribers.
     *
     * @param topic name.
     * @return the count, 0 if the topic does not exist.
     */
    long liveSubscribers(final String topic) {
        try {
            return TopicStatus.read(dir, topic).subscribers().stream().filter(TopicStatus.Party::alive).count();
        } catch (final ChannelNotFoundException ex) {
            return 0;
        }
    }

    private static Path findRoot() {
        Path candidate = Path.of("").toAbsolutePath();
        while (candidate != null) {
            if (Files.isRegularFile(candidate.resolve("bin/shimmy")) &&
                Files.isRegularFile(candidate.resolve("shimmy-cli/target/shimmy-cli.jar"))) {
                return candidate;
            }
            candidate = candidate.getParent();
        }
        throw new IllegalStateException("cannot find the repository root (bin/shimmy and a built " +
            "shimmy-cli/target/shimmy-cli.jar) above " + Path.of("").toAbsolutePath());
    }
}
