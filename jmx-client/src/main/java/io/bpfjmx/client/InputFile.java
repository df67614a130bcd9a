package io.bpfjmx.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file the operator names for input, read whole as UTF-8 text; {@code -} is standard input. */
final class InputFile {
    private InputFile() {}

    static String read(String file) {
        try {
            return file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + file + ": " + e.getMessage(),
                    "give a readable file, or - for standard input");
        }
    }
}
