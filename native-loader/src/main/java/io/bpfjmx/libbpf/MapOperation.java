package io.bpfjmx.libbpf;

/** What was being done when a kernel call failed; chooses the errno's reading and names the operation. */
public enum MapOperation {
    OPEN("open"),
    UPDATE("update"),
    LOOKUP("lookup"),
    DELETE("delete"),
    NEXT_KEY("get next key"),
    PUSH("push"),
    POP("pop"),
    PEEK("peek"),
    UPDATE_BATCH("batch update"),
    LOOKUP_BATCH("batch lookup"),
    PIN("pin"),
    LOAD("load"),
    ATTACH("attach"),
    /** Walking the ids of the host's maps or programs, and opening them by id, as bpftool's show does. */
    LIST("listing");

    private final String description;

    MapOperation(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    boolean isBatch() {
        return this == UPDATE_BATCH || this == LOOKUP_BATCH;
    }
}
