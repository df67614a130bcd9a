package io.bpfjmx.client;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --flags} through {@link Flags}, its errors as picocli's usage errors (exit code 2). */
final class FlagsConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        try {
            return Flags.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
