package io.shimmy.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Sizes and durations as users write them on the command line.
 * <ul>
 * <li>Size: a whole number of bytes with an optional binary suffix {@code k}, {@code m} or {@code g}, in any case:
 * {@code 4096}, {@code 64k}, {@code 1M} (= 1048576), {@code 1g}.</li>
 * <li>Duration: a whole number with an optional unit {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}
 * (minutes) or {@code h}; a plain number is milliseconds: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 250}.</li>
 * </ul>
 */
final class Units {
    /** How sizes are written, for help texts. */
    static final String SIZE_HELP = "bytes, with an optional suffix k, m or g (binary: 64k = 65536)";
    /** How durations are written, for help texts. */
    static final String DURATION_HELP = "a number with a unit ns, us, ms, s, m or h (e.g. 500ms, 5s); " +
        "a plain number is milliseconds";

    private Units() {
    }

    /**
     * Parses a size.
     *
     * @param text e.g. {@code 64k}.
     * @return the number of bytes.
     * @throws IllegalArgumentException saying how to write a size.
     */
    static long parseSize(final String text) {
        final String trimmed = text.trim().toLowerCase(Locale.ROOT);
        int shift = 0;
        int end = trimmed.length();
        if (end > 0) {
            switch (trimmed.charAt(end - 1)) {
                case 'k':
                    shift = 10;
                    end--;
                    break;
                case 'm':
                    shift = 20;
                    end--;
                    break;
                case 'g':
                    shift = 30;
                    end--;
                    break;
                default:
                    break;
            }
        }
        final long number = parseDigits(trimmed, end);
        if (number < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size: use " + SIZE_HELP +
                ", e.g. 4096, 64k or 1m");
        }
        if (number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        return number << shift;
    }

    /**
     * Parses a duration.
     *
     * @param text e.g. {@code 500ms}.
     * @return nanoseconds.
     * @throws IllegalArgumentException saying how to write a duration.
     */
    static long parseDurationNs(final String text) {
        final String trimmed = text.trim().toLowerCase(Locale.ROOT);
        int end = trimmed.length();
        while (end > 0 && Character.isLetter(trimmed.charAt(end - 1))) {
            end--;
        }
        final TimeUnit unit = unit(trimmed.substring(end));
        final long number = parseDigits(trimmed, end);
        if (unit == null || number < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use " + DURATION_HELP);
        }
        if (number > Long.MAX_VALUE / unit.toNanos(1)) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
        return unit.toNanos(number);
    }

    /**
     * Formats nanoseconds as the shortest exact duration text: {@code 200ms}, {@code 5s}.
     *
     * @param ns the duration.
     * @return the text.
     */
    static String duration(final long ns) {
        final TimeUnit[] units = {TimeUnit.HOURS, TimeUnit.MINUTES, TimeUnit.SECONDS, TimeUnit.MILLISECONDS,
            TimeUnit.MICROSECONDS};
        final String[] names = {"h", "m", "s", "ms", "us"};
        for (int i = 0; i < units.length; i++) {
            final long one = units[i].toNanos(1);
            if (ns != 0 && ns % one == 0) {
                return ns / one + names[i];
            }
        }
        return ns + "ns";
    }

    /**
     * Formats an age for people: milliseconds below 10 s, then seconds.
     *
     * @param ns the age.
     * @return the text, e.g. {@code 120ms} or {@code 42s}.
     */
    static String age(final long ns) {
        return ns < TimeUnit.SECONDS.toNanos(10) ? TimeUnit.NANOSECONDS.toMillis(ns) + "ms" :
            TimeUnit.NANOSECONDS.toSeconds(ns) + "s";
    }

    private static TimeUnit unit(final String suffix) {
        switch (suffix) {
            case "":
            case "ms":
                return TimeUnit.MILLISECONDS;
            case "ns":
                return TimeUnit.NANOSECONDS;
            case "us":
                return TimeUnit.MICROSECONDS;
            case "s":
                return TimeUnit.SECONDS;
            case "m":
                return TimeUnit.MINUTES;
            case "h":
                return TimeUnit.HOURS;
            default:
                return null;
        }
    }

    /** Digits only, no sign, at least one, that fit a long; -1 otherwise. */
    private static long parseDigits(final String text, final int end) {
        if (end == 0) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < end; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Converts a size option that must fit an {@code int}: capacities and message lengths. */
    static final class IntSizeConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(final String value) {
            final long bytes;
            try {
                bytes = parseSize(value);
            } catch (final IllegalArgumentException ex) {
                throw new TypeConversionException(ex.getMessage());
            }
            if (bytes > Integer.MAX_VALUE) {
                throw new TypeConversionException("size '" + value + "' is too large: at most 1g");
            }
            return (int)bytes;
        }
    }

    /** Converts a duration option to nanoseconds. */
    static final class DurationConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(final String value) {
            try {
                return parseDurationNs(value);
            } catch (final IllegalArgumentException ex) {
                throw new TypeConversionException(ex.getMessage());
            }
        }
    }
}
