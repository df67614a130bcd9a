package io.bpfjmx.agent.export;

/** Why a map that the option {@code export} names cannot be exported: logged, and the other maps export on. */
final class NotExportableException extends RuntimeException {
    NotExportableException(String why) {
        super(why);
    }
}
