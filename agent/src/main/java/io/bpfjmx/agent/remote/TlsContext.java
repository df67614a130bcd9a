package io.bpfjmx.agent.remote;

import io.bpfjmx.agent.options.AgentOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The TLS context of bpfjmx's own JMX connector, made from its key store alone: the agent option
 * {@code jmxKeyStore} with the password in {@code jmxKeyStorePasswordFile}, or else the key store the JVM's
 * {@code javax.net.ssl.keyStore} and {@code javax.net.ssl.keyStorePassword} name. Those properties are only read:
 * the host's own default TLS context stays as it is. A key store that cannot serve (missing, wrong password, no
 * private key) is reported now, by name, not at a client's first handshake.
 */
final class TlsContext {
    private static final String KEY_STORE_PROPERTY = "javax.net.ssl.keyStore";
    private static final String PASSWORD_PROPERTY = "javax.net.ssl.keyStorePassword";

    private TlsContext() {}

    /** @throws IllegalArgumentException naming the key store, where it was given, and what to fix */
    static SSLContext of(AgentOptions options) {
        Path file;
        char[] password;
        String origin;
        if (options.jmxKeyStore() != null) {
            file = options.jmxKeyStore();
            origin = "agent option jmxKeyStore";
            Path passwordFile = options.jmxKeyStorePasswordFile();
            if (passwordFile == null) {
                throw new IllegalArgumentException("agent option jmxKeyStore=" + file + " needs "
                        + "jmxKeyStorePasswordFile=<file>, whose first line is the key store's password (chmod 600)");
            }
            password = OwnerOnlyFile.read(passwordFile, "jmxKeyStorePasswordFile").lines().findFirst().orElse("")
                    .toCharArray();
        } else {
            String property = System.getProperty(KEY_STORE_PROPERTY);
            if (property == null || property.isBlank()) {
                throw new IllegalArgumentException("agent option jmxSsl=true needs a key store: give jmxKeyStore=<file> "
                        + "with jmxKeyStorePasswordFile=<file>, or start the JVM with -D" + KEY_STORE_PROPERTY
                        + "=<file> and -D" + PASSWORD_PROPERTY + "=<password>");
            }
            file = Path.of(property);
            origin = "system property " + KEY_STORE_PROPERTY;
            String given = System.getProperty(PASSWORD_PROPERTY);
            password = given == null ? null : given.toCharArray();
        }
        return context(file, password, origin);
    }

    private static SSLContext context(Path file, char[] password, String origin) {
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), password);
            if (Collections.list(store.aliases()).stream().noneMatch(alias -> isKeyEntry(store, alias))) {
                throw new IllegalArgumentException("the key store " + file + " (" + origin + ") holds no private "
                        + "key; make one with keytool -genkeypair");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the key store " + file + " (" + origin + "): " + e
                    + "; check the file and its password");
        }
    }

    private static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
