package io.bpfjmx.client;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user and password for a JMX or Jolokia server, the password read from a file, an environment variable or a
 * prompt, so that it never has to appear on the command line (where {@code ps} shows it to everyone).
 */
final class Credentials {
    private Credentials() {}

    /**
     * {@code {user, password}} as {@link javax.management.remote.JMXConnector#CREDENTIALS} wants them, or null
     * without a user.
     */
    static String[] resolve(String user, Path passwordFile, String passwordEnv) {
        if (user == null) {
            if (passwordFile != null || passwordEnv != null) {
                throw CliException.badInput("a password was given without a user", "add --user NAME");
            }
            return null;
        }
        return new String[] {user, password(user, passwordFile, passwordEnv)};
    }

    private static String password(String user, Path file, String env) {
        if (file != null) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
            } catch (IOException e) {
                throw CliException.badInput("cannot read the password file " + file + ": " + e.getMessage(),
                        "give a readable file whose first line is the password (chmod 600 it)");
            }
        }
        if (env != null) {
            String password = System.getenv(env);
            if (password == null) {
                throw CliException.badInput("the environment variable " + env + " is not set",
                        "export " + env + " with the password, or use --password-file FILE");
            }
            return password;
        }
        Console console = System.console();
        if (console == null) {
            throw CliException.badInput("no terminal to ask for the password of " + user,
                    "give --password-file FILE or --password-env VARIABLE");
        }
        char[] password = console.readPassword("Password for %s: ", user);
        return password == null ? "" : new String(password);
    }
}
