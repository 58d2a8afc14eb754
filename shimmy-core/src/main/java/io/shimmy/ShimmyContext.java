package io.shimmy;

import io.shimmy.wait.WaitStrategy;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Configuration of a {@link Shimmy} instance. Setters are fluent and named like their getters; defaults come from
 * system properties, then the environment, then built-in values. {@link #conclude()} checks everything.
 * <ul>
 * <li>{@code dir}: property {@code shimmy.dir}, env {@code SHIMMY_DIR}, else {@code /dev/shm/shimmy}.</li>
 * <li>{@code mode}: property {@code shimmy.mode}, env {@code SHIMMY_MODE}, else {@code 0600}.</li>
 * <li>{@code preTouch}: property {@code shimmy.preTouch}, else true.</li>
 * <li>{@code waitStrategy}: property {@code shimmy.wait}, env {@code SHIMMY_WAIT}, else {@code backoff}.</li>
 * </ul>
 */
public final class ShimmyContext {
    /** Directory used when nothing else is configured. */
    public static final String DEFAULT_DIR = "/dev/shm/shimmy";

    private Path dir;
    private String mode;
    private Boolean preTouch;
    private String waitStrategy;
    private boolean concluded;

    /**
     * Sets the channel directory: a tmpfs that every process sharing channels mounts.
     *
     * @param dir the directory; created if missing.
     * @return this.
     */
    public ShimmyContext dir(final Path dir) {
        this.dir = dir;
        return this;
    }

    /**
     * The channel directory.
     *
     * @return the directory.
     */
    public Path dir() {
        if (dir == null) {
            final String configured = firstNonEmpty(System.getProperty("shimmy.dir"), System.getenv("SHIMMY_DIR"));
            dir = Path.of(configured != null ? configured : DEFAULT_DIR);
        }
        return dir;
    }

    /**
     * Sets the permissions of channel files this instance creates, as octal text.
     *
     * @param mode e.g. {@code 0600} (the default) or {@code 0660} for processes of one group.
     * @return this.
     */
    public ShimmyContext mode(final String mode) {
        this.mode = mode;
        return this;
    }

    /**
     * The permissions of channel files, as octal text.
     *
     * @return the mode.
     */
    public String mode() {
        if (mode == null) {
            final String configured = firstNonEmpty(System.getProperty("shimmy.mode"), System.getenv("SHIMMY_MODE"));
            mode = configured != null ? configured : "0600";
        }
        return mode;
    }

    /**
     * The permissions of channel files.
     *
     * @return the permission set.
     * @throws InvalidConfigurationException if the mode is not octal read/write bits with the owner's rw.
     */
    public Set<PosixFilePermission> filePermissions() {
        return parseMode(mode());
    }

    /**
     * Sets whether every page of a channel is touched when it is opened, so that no first access on a hot path
     * takes a page fault. On by default; turn it off only for very large rings opened briefly.
     *
     * @param preTouch true to pre-touch.
     * @return this.
     */
    public ShimmyContext preTouch(final boolean preTouch) {
        this.preTouch = preTouch;
        return this;
    }

    /**
     * Whether pages are pre-touched.
     *
     * @return true if so.
     */
    public boolean preTouch() {
        if (preTouch == null) {
            preTouch = !"false".equalsIgnoreCase(System.getProperty("shimmy.preTouch"));
        }
        return preTouch;
    }

    /**
     * Sets how subscribers' polling threads wait when idle, unless a subscription says otherwise.
     *
     * @param waitStrategy {@code spin}, {@code yield}, {@code backoff} or {@code block}.
     * @return this.
     */
    public ShimmyContext waitStrategy(final String waitStrategy) {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /**
     * The default wait strategy of subscriptions.
     *
     * @return its name.
     */
    public String waitStrategy() {
        if (waitStrategy == null) {
            final String configured = firstNonEmpty(System.getProperty("shimmy.wait"), System.getenv("SHIMMY_WAIT"));
            waitStrategy = configured != null ? configured : "backoff";
        }
        return waitStrategy;
    }

    /**
     * Checks the configuration; called by {@link Shimmy#open(ShimmyContext)}.
     *
     * @return this.
     */
    public ShimmyContext conclude() {
        if (!concluded) {
            if (dir().toString().isEmpty()) {
                throw new InvalidConfigurationException("channel directory is empty: set --dir or SHIMMY_DIR");
            }
            filePermissions();
            preTouch();
            WaitStrategy.named(waitStrategy(), timeoutNs -> { });
            concluded = true;
        }
        return this;
    }

    /**
     * Parses an octal mode of read and write bits.
     *
     * @param mode e.g. {@code 0660}.
     * @return the permissions.
     * @throws InvalidConfigurationException if it is not octal, has execute or special bits, or lacks owner rw.
     */
    public static Set<PosixFilePermission> parseMode(final String mode) {
        final int bits;
        try {
            bits = Integer.parseInt(mode, 8);
        } catch (final NumberFormatException ex) {
            throw new InvalidConfigurationException("mode '" + mode + "' is not octal; use e.g. 0600 or 0660");
        }
        if (bits < 0 || (bits & ~0666) != 0 || (bits & 0600) != 0600) {
            throw new InvalidConfigurationException("mode '" + mode + "' must give the owner read and write and " +
                "may add only read/write bits for group and others (e.g. 0600, 0640, 0660)");
        }
        final Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        final PosixFilePermission[] order = {
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE};
        for (int i = 0; i < 9; i++) {
            if ((bits & (0400 >> i)) != 0) {
                perms.add(order[i]);
            }
        }
        return perms;
    }

    private static String firstNonEmpty(final String a, final String b) {
        if (a != null && !a.isEmpty()) {
            return a;
        }
        return b != null && !b.isEmpty() ? b : null;
    }
}
