package io.bpfjmx.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The isolated class loader over a jar laid out like the agent's ({@code inst/**.classdata}), built here. */
class AgentClassLoaderTest {
    private static final byte[] NATIVE_BYTES = {0x7f, 'E', 'L', 'F', 0, 1, 2, 3};

    @TempDir
    static Path dir;
    static Path jar;
    static AgentClassLoader loader;

    @BeforeAll
    static void buildJar() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/sample"));
        Files.writeString(src.resolve("Greeter.java"),
                "package sample; public interface Greeter { String greet(); }");
        Files.writeString(src.resolve("Hidden.java"), "package sample; public class Hidden implements Greeter {"
                + " public String greet() { return \"hello from \" + getClass().getClassLoader().getName(); } }");
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", classes.toString(),
                src.resolve("Greeter.java").toString(), src.resolve("Hidden.java").toString());
        assertThat(rc).isZero();

        jar = dir.resolve("agent.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            put(out, "io/bpfjmx/agent/bootstrap/Visible.class", new byte[] {1});
            for (String name : List.of("Greeter", "Hidden")) {
                put(out, "inst/sample/" + name + ".classdata", Files.readAllBytes(classes.resolve("sample/" + name + ".class")));
            }
            put(out, "inst/META-INF/services/sample.Greeter", "sample.Hidden\n".getBytes(StandardCharsets.UTF_8));
            put(out, "inst/com/sun/jna/linux-x86-64/libjnidispatch.so", NATIVE_BYTES);
        }
        loader = new AgentClassLoader(jar);
    }

    @AfterAll
    static void forgetLoader() {
        loader = null; // its JarFile stays open until collected; the agent's lives as long as the JVM
    }

    @Test
    void loadsClassesFromClassdata() throws Exception {
        Class<?> hidden = loader.loadClass("sample.Hidden");
        assertThat(hidden.getClassLoader()).isSameAs(loader);
        Object greeter = hidden.getConstructor().newInstance();
        assertThat(hidden.getMethod("greet").invoke(greeter)).isEqualTo("hello from bpfjmx-agent");
        assertThat(hidden.getProtectionDomain().getCodeSource().getLocation()).isEqualTo(jar.toUri().toURL());
        assertThat(loader.loadClass("sample.Hidden")).isSameAs(hidden);
    }

    @Test
    void ordinaryClassLoadersCannotSeeThem() throws Exception {
        assertThatThrownBy(() -> Class.forName("sample.Hidden", false, getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
        // even one that has the jar on its class path
        try (URLClassLoader plain = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> plain.loadClass("sample.Hidden")).isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void doesNotSeeTheApplicationClassPath() {
        assertThat(loader.getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
        assertThatThrownBy(() -> loader.loadClass(AgentClassLoaderTest.class.getName()))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> loader.loadClass("org.junit.jupiter.api.Test"))
                .isInstanceOf(ClassNotFoundException.class);
        // nor the jar's top level, where the bootstrap sits
        assertThat(loader.getResource("io/bpfjmx/agent/bootstrap/Visible.class")).isNull();
    }

    @Test
    void platformClassesStillResolve() throws Exception {
        assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
        assertThat(loader.loadClass("java.sql.Timestamp").getClassLoader())
                .isSameAs(ClassLoader.getPlatformClassLoader());
        assertThat(loader.loadClass("javax.management.MBeanServer")).isNotNull();
    }

    @Test
    void servesResourcesFromInst() throws Exception {
        URL url = loader.getResource("com/sun/jna/linux-x86-64/libjnidispatch.so");
        assertThat(url).isNotNull();
        assertThat(url.getProtocol()).isEqualTo("jar");
        try (InputStream in = url.openStream()) {
            assertThat(in.readAllBytes()).isEqualTo(NATIVE_BYTES);
        }
        try (InputStream in = loader.getResourceAsStream("/com/sun/jna/linux-x86-64/libjnidispatch.so")) {
            assertThat(in).isNotNull();
        }
        assertThat(Collections.list(loader.getResources("META-INF/services/sample.Greeter"))).hasSize(1);
        assertThat(loader.getResource("no/such/thing")).isNull();
        assertThat(Collections.list(loader.getResources("no/such/thing"))).isEmpty();
    }

    @Test
    void answersClassFileRequestsWithClassdata() throws Exception {
        try (InputStream in = loader.getResourceAsStream("sample/Hidden.class")) {
            assertThat(in).isNotNull();
            byte[] bytes = in.readAllBytes();
            assertThat(Map.of(0, bytes[0], 1, bytes[1])).containsEntry(0, (byte) 0xca).containsEntry(1, (byte) 0xfe);
        }
    }

    @Test
    void serviceLoaderFindsServicesInTheJar() throws Exception {
        Class<?> service = loader.loadClass("sample.Greeter");
        Object first = ServiceLoader.load(service, loader).findFirst().orElseThrow();
        assertThat(first.getClass().getName()).isEqualTo("sample.Hidden");
        assertThat(first.getClass().getClassLoader()).isSameAs(loader);
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
