package io.bpfjmx.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileTest {
    private static final String RECORD = "principal=(none) object=fixtures map=hash_map operation=update key=2a000000 "
            + "value=0700000000000000 flags=0 outcome=success reason=none";

    @TempDir
    Path dir;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double records(String outcome, String reason) {
        var counter = registry.find(AuditFile.RECORDS).tags("outcome", outcome, "reason", reason).functionCounter();
        return counter == null ? -1 : counter.count();
    }

    private static long deadline() {
        return System.nanoTime() + Duration.ofSeconds(30).toNanos();
    }

    /** Waits for a state the writer thread reaches by itself; a bound, not a measure: fails only if never. */
    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = deadline();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void writesEachRecordAsOneLineWithItsUtcTime() throws Exception {
        Path path = dir.resolve("audit.log");
        Instant before = Instant.now().minusMillis(1);
        AuditFile file = new AuditFile(path, 1 << 20, 2, registry);
        file.write(RECORD);
        file.write(RECORD.replace("2a000000", "2b000000"));
        Instant after = Instant.now().plusMillis(1);
        assertThat(file.close(deadline())).isTrue();
        List<String> lines = Files.readAllLines(path);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z " + RECORD.replace("(", "\\(")
                .replace(")", "\\)"));
        assertThat(lines.get(1)).endsWith(" key=2b000000 value=0700000000000000 flags=0 outcome=success reason=none");
        Instant time = Instant.parse(lines.get(0).substring(0, lines.get(0).indexOf(' ')));
        assertThat(time).isBetween(before, after);
        assertThat(records("written", "none")).isEqualTo(2);
    }

    /** The writer formats records into buffers it reuses: a shorter record after a longer keeps nothing of it. */
    @Test
    void writesRecordsOfAnyLengthInTheOrderTheyCame() throws Exception {
        Path path = dir.resolve("audit.log");
        AuditFile file = new AuditFile(path, 1 << 20, 2, registry);
        List<String> records = List.of(RECORD + " " + "ab".repeat(1000), "short", RECORD, "caf\u00e9", "x");
        for (String record : records) {
            file.write(AuditRecord.of(record));
        }
        assertThat(file.close(deadline())).isTrue();
        assertThat(Files.readAllLines(path, StandardCharsets.UTF_8))
                .extracting(line -> line.substring(line.indexOf(' ') + 1)).isEqualTo(records);
    }

    @Test
    void recordsReachTheFileWhileTheAgentRuns() throws Exception {
        Path path = dir.resolve("audit.log");
        AuditFile file = new AuditFile(path, 1 << 20, 2, registry);
        file.write(RECORD);
        await(() -> Files.exists(path) && readQuietly(path).contains(RECORD), "the record in " + path);
        file.close(deadline());
    }

    @Test
    void closingWritesEverythingQueuedAndDropsWhatComesLater() throws Exception {
        Path path = dir.resolve("audit.log");
        AuditFile file = new AuditFile(path, 1L << 30, 2, registry);
        int records = (int) (AuditFile.QUEUE_LIMIT_CHARS / RECORD.length() / 2); // fits in the queue
        for (int i = 0; i < records; i++) {
            file.write(RECORD);
        }
        assertThat(file.close(deadline())).isTrue();
        file.write(RECORD);
        assertThat(lines(path)).isEqualTo(records);
        assertThat(records("written", "none")).isEqualTo(records);
        assertThat(records("dropped", "closed")).isEqualTo(1);
        assertThat(records("dropped", "queue_full") + records("dropped", "cannot_write")).isZero();
    }

    @Test
    void aRecordThatFindsTheQueueFullIsDroppedAndCountedNeverWaitedFor() throws Exception {
        Path path = dir.resolve("audit.log");
        AuditFile file = new AuditFile(path, 1L << 30, 2, registry);
        int records = (int) (AuditFile.QUEUE_LIMIT_CHARS / RECORD.length() * 4); // more than the queue holds
        for (int i = 0; i < records; i++) {
            file.write(RECORD);
        }
        assertThat(file.close(deadline())).isTrue();
        double dropped = records("dropped", "queue_full");
        assertThat(records("written", "none")).isEqualTo(lines(path)).isEqualTo(records - dropped);
        assertThat(dropped).as("how many the writer kept up with depends on the machine; each one is counted")
                .isEqualTo(file.lost());
    }

    private static long lines(Path path) throws java.io.IOException {
        try (var lines = Files.lines(path)) {
            return lines.count();
        }
    }

    @Test
    void aFileThatCannotBeWrittenIsReportedCountedAndTriedAgain() throws Exception {
        Path folder = dir.resolve("later");
        Path path = folder.resolve("audit.log");
        AuditFile file = new AuditFile(path, 1 << 20, 2, registry);
        file.write(RECORD);
        await(() -> !file.trouble().isEmpty(), "the trouble reported");
        assertThat(file.trouble()).startsWith("audit file " + path + ": cannot write since ")
                .contains(": NoSuchFileException: " + path + "; 1 records lost since the agent started");
        assertThat(records("dropped", "cannot_write")).isEqualTo(1);

        Files.createDirectory(folder);
        file.write(RECORD.replace("2a000000", "2c000000"));
        await(() -> file.trouble().isEmpty(), "the trouble gone once a record is written");
        assertThat(file.close(deadline())).isTrue();
        assertThat(Files.readAllLines(path)).singleElement().asString().contains("key=2c000000");
        assertThat(records("written", "none")).isEqualTo(1);
    }

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
