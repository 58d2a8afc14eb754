package io.shimmy.examples.common;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Command-line options of an example, each also settable by an environment variable (what containers use), with a
 * default. A flag on the command line wins over the environment, which wins over the default.
 * <pre>{@code
 * final Options options = new Options("shimmy-sensors publish", "Publishes simulated sensor readings.")
 *     .add("rate", "SENSORS_RATE", "10000", "readings per second (0: as fast as possible)");
 * options.parse(args);
 * final long rate = options.longValue("rate", 0, Long.MAX_VALUE);
 * }</pre>
 * Values are written {@code --name VALUE} or {@code --name=VALUE}; {@code --help} asks for the usage text. Sizes take
 * the binary suffixes {@code k}, {@code m}, {@code g}; durations {@code ms}, {@code s}, {@code m}, {@code h}.
 * Every bad value is a {@link UsageException} naming the option or variable it came from.
 */
public final class Options {
    private final String command;
    private final String summary;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final Map<String, String> arguments = new LinkedHashMap<>();
    private final UnaryOperator<String> environment;
    private boolean help;

    private record Option(String name, String env, String defaultValue, String help) {
    }

    /**
     * Options read from the process environment.
     *
     * @param command as the user types it, for messages and the usage text.
     * @param summary one sentence saying what the command does.
     */
    public Options(final String command, final String summary) {
        this(command, summary, System::getenv);
    }

    /**
     * Options read from a given environment (tests).
     *
     * @param command as the user types it, for messages and the usage text.
     * @param summary one sentence saying what the command does.
     * @param environment maps a variable name to its value, or null when unset.
     */
    public Options(final String command, final String summary, final UnaryOperator<String> environment) {
        this.command = command;
        this.summary = summary;
        this.environment = environment;
    }

    /**
     * Declares an option.
     *
     * @param name of the flag, without the leading dashes.
     * @param env variable that sets it when the flag is absent, or null for none.
     * @param defaultValue used when neither is given; null means "not set".
     * @param help one line for the usage text.
     * @return this.
     */
    public Options add(final String name, final String env, final String defaultValue, final String help) {
        options.put(name, new Option(name, env, defaultValue, help));
        return this;
    }

    /**
     * Reads the command line.
     *
     * @param args the arguments after the command.
     * @return this.
     * @throws UsageException for an unknown option, a missing value or a stray argument.
     */
    public Options parse(final String[] args) {
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg)) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "'; see --help");
            }
            final int equals = arg.indexOf('=');
            final String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            if (!options.containsKey(name)) {
                throw new UsageException("unknown option --" + name + "; see --help");
            }
            final String value;
            if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("option --" + name + " needs a value; see --help");
            }
            arguments.put(name, value);
        }
        return this;
    }

    /**
     * Whether {@code --help} was given.
     *
     * @return true if so.
     */
    public boolean helpRequested() {
        return help;
    }

    /**
     * The usage text: the summary, then each option with its variable and default.
     *
     * @return the text, ending with a newline.
     */
    public String usage() {
        final StringBuilder text = new StringBuilder();
        text.append("Usage: ").append(command).append(" [OPTIONS]\n").append(summary).append("\n\nOptions:\n");
        for (final Option option : options.values()) {
            text.append(String.format(Locale.ROOT, "  --%-18s %s%n", option.name() + " V", option.help()));
            final StringBuilder where = new StringBuilder();
            if (option.env() != null) {
                where.append("env ").append(option.env());
            }
            if (option.defaultValue() != null) {
                where.append(where.length() > 0 ? ", " : "").append("default ").append(option.defaultValue());
            }
            if (where.length() > 0) {
                text.append(String.format(Locale.ROOT, "  %-20s (%s)%n", "", where));
            }
        }
        text.append(String.format(Locale.ROOT, "  --%-18s %s%n", "help", "print this text and exit"));
        return text.toString();
    }

    /**
     * An option's text.
     *
     * @param name of the option.
     * @return its value, or null if it has none.
     */
    public String string(final String name) {
        return value(name).text();
    }

    /**
     * An option that must be a whole number in a range.
     *
     * @param name of the option.
     * @param min smallest value allowed.
     * @param max largest value allowed.
     * @return the value.
     */
    public long longValue(final String name, final long min, final long max) {
        final Value value = value(name);
        final long parsed;
        try {
            parsed = Long.parseLong(value.required().trim());
        } catch (final NumberFormatException ex) {
            throw value.bad("is not a whole number");
        }
        return value.inRange(parsed, min, max, Long.toString(min), Long.toString(max));
    }

    /**
     * An option that must be an {@code int} in a range.
     *
     * @param name of the option.
     * @param min smallest value allowed.
     * @param max largest value allowed.
     * @return the value.
     */
    public int intValue(final String name, final int min, final int max) {
        return (int)longValue(name, min, max);
    }

    /**
     * An option that must be a number in a range.
     *
     * @param name of the option.
     * @param min smallest value allowed.
     * @param max largest value allowed.
     * @return the value.
     */
    public double doubleValue(final String name, final double min, final double max) {
        final Value value = value(name);
        final double parsed;
        try {
            parsed = Double.parseDouble(value.required().trim());
        } catch (final NumberFormatException ex) {
            throw value.bad("is not a number");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw value.bad("must be from " + min + " to " + max);
        }
        return parsed;
    }

    /**
     * An option that is a size in bytes, with an optional binary suffix ({@code 64k}, {@code 1m}, {@code 2g}).
     *
     * @param name of the option.
     * @param min smallest value allowed.
     * @param max largest value allowed.
     * @return the size in bytes.
     */
    public long sizeBytes(final String name, final long min, final long max) {
        final Value value = value(name);
        final String text = value.required().trim().toLowerCase(Locale.ROOT);
        final int shift = text.endsWith("k") ? 10 : text.endsWith("m") ? 20 : text.endsWith("g") ? 30 : 0;
        final String digits = shift == 0 ? text : text.substring(0, text.length() - 1);
        final long parsed;
        try {
            final long number = Long.parseLong(digits);
            if (number < 0 || number > (Long.MAX_VALUE >> shift)) {
                throw value.bad("is out of range");
            }
            parsed = number << shift;
        } catch (final NumberFormatException ex) {
            throw value.bad("is not a size; use bytes or a suffix k, m, g (e.g. 64k, 1m)");
        }
        return value.inRange(parsed, min, max, Formats.bytes(min), Formats.bytes(max));
    }

    /**
     * An option that is a duration: a number with a unit {@code ms}, {@code s}, {@code m} or {@code h}, or 0.
     *
     * @param name of the option.
     * @return the duration in nanoseconds.
     */
    public long durationNs(final String name) {
        final Value value = value(name);
        final String text = value.required().trim().toLowerCase(Locale.ROOT);
        if ("0".equals(text)) {
            return 0;
        }
        final long unitNs;
        final String digits;
        if (text.endsWith("ms")) {
            unitNs = 1_000_000L;
            digits = text.substring(0, text.length() - 2);
        } else if (text.endsWith("s")) {
            unitNs = 1_000_000_000L;
            digits = text.substring(0, text.length() - 1);
        } else if (text.endsWith("m")) {
            unitNs = 60_000_000_000L;
            digits = text.substring(0, text.length() - 1);
        } else if (text.endsWith("h")) {
            unitNs = 3_600_000_000_000L;
            digits = text.substring(0, text.length() - 1);
        } else {
            throw value.bad("is not a duration; use a unit: 500ms, 10s, 5m, 1h (or 0)");
        }
        try {
            final long number = Long.parseLong(digits);
            if (number < 0 || number > Long.MAX_VALUE / unitNs) {
                throw value.bad("is out of range");
            }
            return number * unitNs;
        } catch (final NumberFormatException ex) {
            throw value.bad("is not a duration; use a unit: 500ms, 10s, 5m, 1h (or 0)");
        }
    }

    private Value value(final String name) {
        final Option option = options.get(name);
        if (option == null) {
            throw new IllegalArgumentException("option --" + name + " was not declared");
        }
        if (arguments.containsKey(name)) {
            return new Value("--" + name, arguments.get(name));
        }
        if (option.env() != null) {
            final String fromEnv = environment.apply(option.env());
            if (fromEnv != null && !fromEnv.isEmpty()) {
                return new Value(option.env() + " (environment)", fromEnv);
            }
        }
        return new Value("--" + name + " (default)", option.defaultValue());
    }

    private final class Value {
        private final String source;
        private final String text;

        Value(final String source, final String text) {
            this.source = source;
            this.text = text;
        }

        String text() {
            return text;
        }

        String required() {
            if (text == null) {
                throw new UsageException(source + " is required; see --help");
            }
            return text;
        }

        UsageException bad(final String problem) {
            return new UsageException(source + " '" + text + "' " + problem);
        }

        long inRange(final long parsed, final long min, final long max, final String minText, final String maxText) {
            if (parsed < min || parsed > max) {
                throw bad("must be from " + minText + " to " + maxText);
            }
            return parsed;
        }
    }
}
