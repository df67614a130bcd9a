package io.bpfjmx.libbpf.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A TLS server's key store and a client's trust store, made by the JDK's {@code keytool} as an operator makes them:
 * a key pair for 127.0.0.1 (a self-signed certificate, valid a day) in {@code server.p12}, its certificate alone in
 * {@code trust.p12}; both PKCS12, with one password, also written to {@code server.password} (chmod 600).
 */
public record KeyTool(Path keyStore, Path trustStore, String password, Path passwordFile) {

    /** Makes both stores in {@code dir}, with the keytool of the JDK running the tests. */
    public static KeyTool makeStores(Path dir) throws IOException, InterruptedException {
        String password = "changeit-" + ProcessHandle.current().pid();
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.crt");
        Path trustStore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "bpfjmx", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", password);
        keytool("-exportcert", "-alias", "bpfjmx", "-keystore", keyStore.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "bpfjmx", "-file", certificate.toString(), "-storetype",
                "PKCS12", "-keystore", trustStore.toString(), "-storepass", password);
        Path passwordFile = Files.writeString(dir.resolve("server.password"), password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        return new KeyTool(keyStore, trustStore, password, passwordFile);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + command + "\n" + output);
        }
    }
}
