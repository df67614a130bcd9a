package io.bpfjmx.agent.options;

/**
 * The agent's options, one constant each: its key, the kind of value it takes, whether it may be repeated, its
 * default and its help. Adding an option is adding a constant here and a getter in {@link AgentOptions}.
 *
 * <p>No constant has a body of its own: this runs on the JVM's start path, where each extra class costs time.
 */
public enum AgentOption {
    OBJECT("object", Kind.PATH, true, null, "<path.bpf.o> (repeatable)"),
    ATTACH("attach", Kind.BOOLEAN, false, "true", "true|false (attach the programs)"),
    LIBBPF("libbpf", Kind.PATH, false, null, "<path of libbpf.so.1> (default: the system's)"),
    READ_ONLY("readOnly", Kind.BOOLEAN, false, "false", "true|false (refuse every write)"),
    WRITABLE_MAPS("writableMaps", Kind.NAMES, false, null,
            "<map>:<map>... (only these maps may be written; default all)"),
    AUDIT("audit", Kind.BOOLEAN, false, "true", "true|false (write the audit log; a logger level does not turn it "
            + "off)"),
    AUDIT_VALUES("auditValues", Kind.BOOLEAN, false, "true", "true|false (write values into the audit)"),
    AUDIT_FILE("auditFile", Kind.PATH, false, null, "<file> (the audit goes to this file, one line per record, "
            + "written by a thread of the agent, instead of to java.util.logging; default off)"),
    AUDIT_FILE_SIZE("auditFileSize", Kind.SIZE, false, "50MB", "<bytes>, or with the unit KB, MB or GB (the size at "
            + "which auditFile rotates)"),
    AUDIT_FILE_COUNT("auditFileCount", Kind.POSITIVE, false, "10", "<n> (the audit files kept: auditFile, "
            + "auditFile.1 ... auditFile.<n-1>; at rotation the oldest is dropped)"),
    FAIL_ON_ERROR("failOnError", Kind.BOOLEAN, false, "false", "true|false"),
    PROMETHEUS_PORT("prometheusPort", Kind.PORT, false, null, "<port> (default off)"),
    PROMETHEUS_HOST("prometheusHost", Kind.TEXT, false, "127.0.0.1", "<address>"),
    PIN_MAPS("pinMaps", Kind.PATH, false, null, "<dir on the BPF file system> (pin each object's maps at "
            + "<dir>/<object>/<map> and reuse them at the next load; default off)"),
    EXPORT("export", Kind.EXPORTS, false, null, "<map>[/<setting>...]:<map>... (map entries as meters; settings "
            + "counter, gauge, cpu, name=<meter>, key=<label>, object=<object>)"),
    EXPORT_INTERVAL("exportInterval", Kind.DURATION, false, "10s", "<duration> (how often exported maps are read)"),
    EXPORT_LIMIT("exportLimit", Kind.POSITIVE, false, "1000", "<n> (series per exported map at most)"),
    JNA_TMP_DIR("jnaTmpDir", Kind.PATH, false, null, "<dir> (where the agent's JNA unpacks its native part, for a "
            + "noexec /tmp, on JDK 17-21; JDK 22+ loads no JNA; the host's own JNA and jna.tmpdir are left as "
            + "they are)"),
    MAP("map", Kind.MAP, true, null, "pinned:<path>|id:<N>|name:<kernel name> (repeatable: a map the JVM did not "
            + "load, as an io.bpfjmx:type=BpfMap MBean; a pinned folder gives every map pinned in it)"),
    SYSTEM("system", Kind.BOOLEAN, false, "false", "true|false (the io.bpfjmx:type=BpfSystem MBean: every map and "
            + "program of the host, read-only, without contents)"),
    JMX_PORT("jmxPort", Kind.PORT, false, null, "<port> (bpfjmx's own JMX connector, exposing only bpfjmx's MBeans "
            + "and meters; needs jmxPasswordFile and jmxAccessFile; default off)"),
    JMX_HOST("jmxHost", Kind.TEXT, false, "127.0.0.1", "<address> (where jmxPort listens)"),
    JMX_PASSWORD_FILE("jmxPasswordFile", Kind.PATH, false, null, "<file> (lines 'user password', owner-only: "
            + "chmod 600)"),
    JMX_ACCESS_FILE("jmxAccessFile", Kind.PATH, false, null, "<file> (lines 'user read', 'user write' or 'user "
            + "write maps=<map>:<map>', owner-only: chmod 600)"),
    JMX_SSL("jmxSsl", Kind.BOOLEAN, false, "false", "true|false (TLS for jmxPort, registry included)"),
    JMX_KEY_STORE("jmxKeyStore", Kind.PATH, false, null, "<file> (the TLS key store of jmxPort; default the JVM's "
            + "javax.net.ssl.keyStore)"),
    JMX_KEY_STORE_PASSWORD_FILE("jmxKeyStorePasswordFile", Kind.PATH, false, null, "<file> (its first line is the "
            + "password of jmxKeyStore, owner-only: chmod 600)");

    /** What an option's value must be; checked when the options are parsed, so a bad one is named at start. */
    public enum Kind {
        BOOLEAN, PORT, PATH, TEXT,
        /** names separated by colons, which no map name contains */
        NAMES,
        /** a whole number of at least 1 */
        POSITIVE,
        /** a duration: a whole number with the unit ms, s or m, e.g. 10s */
        DURATION,
        /** a size in bytes: a whole number of at least 1, alone or with the unit KB, MB or GB (1024-based) */
        SIZE,
        /** a map the JVM did not load: {@link MapSpec}'s grammar */
        MAP,
        /** maps to export as meters, each with its settings: {@link ExportRequest}'s grammar */
        EXPORTS
    }

    private final String key;
    private final Kind kind;
    private final boolean repeatable;
    private final String defaultValue;
    private final String help;

    AgentOption(String key, Kind kind, boolean repeatable, String defaultValue, String help) {
        this.key = key;
        this.kind = kind;
        this.repeatable = repeatable;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public boolean repeatable() {
        return repeatable;
    }

    /** The value when the option is not given, or null when it then is off. */
    public String defaultValue() {
        return defaultValue;
    }

    /** {@code key=<value> (...)}, with the default when there is one. */
    String help() {
        return key + "=" + help + (defaultValue == null ? "" : ", default " + defaultValue);
    }

    /** The option of this key, or null. */
    static AgentOption byKey(String key) {
        for (AgentOption option : values()) {
            if (option.key.equals(key)) {
                return option;
            }
        }
        return null;
    }
}
