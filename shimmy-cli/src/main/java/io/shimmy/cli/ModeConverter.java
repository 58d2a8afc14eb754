package io.shimmy.cli;

import io.shimmy.InvalidConfigurationException;
import io.shimmy.ShimmyContext;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a {@code --mode} value as the core will read it, so that a bad mode is a usage error at parse time.
 */
final class ModeConverter implements ITypeConverter<String> {
    @Override
    public String convert(final String value) {
        try {
            ShimmyContext.parseMode(value);
            return value;
        } catch (final InvalidConfigurationException ex) {
            throw new TypeConversionException(ex.getMessage());
        }
    }
}
