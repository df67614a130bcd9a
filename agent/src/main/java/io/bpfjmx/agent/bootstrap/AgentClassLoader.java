package io.bpfjmx.agent.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent core and its dependencies from the agent jar's {@code inst/} folder, where class files are stored
 * as {@code .classdata} so that no ordinary class loader can see them (the OpenTelemetry agent's layout).
 *
 * <p>Its parent is the platform class loader, never the application's: the host's own JNA or Micrometer, of any
 * version, and ours never meet. Resources are served from {@code inst/} too (JNA's {@code libjnidispatch.so},
 * {@code META-INF/services/*}); a request for {@code x/Y.class} is answered with {@code inst/x/Y.classdata}.
 */
public final class AgentClassLoader extends ClassLoader {
    /** The folder of the agent jar that holds everything but the bootstrap. */
    public static final String PREFIX = "inst/";
    /** The extension class files get inside {@link #PREFIX}. */
    public static final String CLASS_SUFFIX = ".classdata";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain protectionDomain;

    /** Opens {@code agentJar} for the lifetime of this loader (in practice: of the JVM). */
    public AgentClassLoader(Path agentJar) throws IOException {
        super("bpfjmx-agent", ClassLoader.getPlatformClassLoader());
        URL location = agentJar.toUri().toURL();
        this.jar = new JarFile(agentJar.toFile(), false);
        this.jarUrl = location.toExternalForm();
        this.protectionDomain =
                new ProtectionDomain(new CodeSource(location, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + CLASS_SUFFIX);
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name + ": cannot read " + entry.getName() + " from " + jar.getName(), e);
        }
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    @Override
    protected URL findResource(String name) {
        String entryName = entryName(name);
        if (jar.getEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL("jar:" + jarUrl + "!/" + entryName);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }

    private static String entryName(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        if (name.endsWith(".class")) {
            return PREFIX + name.substring(0, name.length() - ".class".length()) + CLASS_SUFFIX;
        }
        return PREFIX + name;
    }

    @Override
    public String toString() {
        return "bpfjmx agent class loader over " + jar.getName();
    }
}
