package io.bpfjmx.libbpf;

/** libbpf could not be used at all: missing, too old, or lacking a symbol we bind. Says what to install. */
public class LibBpfUnavailableException extends IllegalStateException {
    public LibBpfUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
