package io.bpfjmx.agent.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {
    @TempDir
    Path dir;

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static void append(RotatingFile file, String... lines) throws IOException {
        for (String line : lines) {
            byte[] bytes = line(line);
            file.append(bytes, bytes.length);
        }
    }

    @Test
    void rotatesBySizeAndDropsTheOldest() throws IOException {
        Path path = dir.resolve("audit.log");
        RotatingFile file = new RotatingFile(path, 30, 3); // 3 lines of 10 bytes a file
        for (int i = 1; i <= 10; i++) {
            append(file, String.format("line-%04d", i));
        }
        file.close();
        assertThat(Files.readAllLines(path)).containsExactly("line-0010");
        assertThat(Files.readAllLines(file.rotated(1))).containsExactly("line-0007", "line-0008", "line-0009");
        assertThat(Files.readAllLines(file.rotated(2))).containsExactly("line-0004", "line-0005", "line-0006");
        assertThat(file.rotated(3)).as("count 3: the file and two rotated").doesNotExist();
        assertThat(file.written()).isEqualTo(10);
    }

    @Test
    void aCountOfOneStartsTheFileAgain() throws IOException {
        Path path = dir.resolve("audit.log");
        RotatingFile file = new RotatingFile(path, 20, 1);
        append(file, "line-0001", "line-0002", "line-0003");
        file.close();
        assertThat(Files.readAllLines(path)).containsExactly("line-0003");
        assertThat(file.rotated(1)).doesNotExist();
    }

    @Test
    void aLineLongerThanTheSizeOrTheBufferGetsAFileOfItsOwn() throws IOException {
        Path path = dir.resolve("audit.log");
        String big = "x".repeat(RotatingFile.BUFFER_BYTES + 10);
        RotatingFile file = new RotatingFile(path, 1000, 3);
        append(file, "before", big, "after");
        file.close();
        assertThat(Files.readAllLines(file.rotated(2))).containsExactly("before");
        assertThat(Files.readAllLines(file.rotated(1))).containsExactly(big);
        assertThat(Files.readAllLines(path)).containsExactly("after");
    }

    @Test
    void continuesAnExistingFileOnALineOfItsOwn() throws IOException {
        Path path = dir.resolve("audit.log");
        Files.writeString(path, "old\ncut off in the midd");
        RotatingFile file = new RotatingFile(path, 1000, 2);
        append(file, "new");
        file.close();
        assertThat(Files.readAllLines(path)).containsExactly("old", "cut off in the midd", "new");
    }

    @Test
    void linesAreBufferedUntilFlushedAndCountedAsLostWhenAbandoned() throws IOException {
        Path path = dir.resolve("audit.log");
        RotatingFile file = new RotatingFile(path, 1000, 2);
        append(file, "one", "two");
        file.flush();
        append(file, "three", "four");
        assertThat(Files.readAllLines(path)).as("not flushed yet").containsExactly("one", "two");
        assertThat(file.abandon()).isEqualTo(2);
        assertThat(file.written()).isEqualTo(2);
        append(file, "five");
        file.close();
        assertThat(Files.readAllLines(path)).containsExactly("one", "two", "five");
        assertThat(file.written()).isEqualTo(3);
    }

    @Test
    void aFileThatCannotBeOpenedThrowsAndLosesTheLine() {
        RotatingFile file = new RotatingFile(dir.resolve("missing/audit.log"), 1000, 2);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> append(file, "one"))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThat(file.abandon()).isEqualTo(1);
        assertThat(List.of(dir.toFile().list())).isEmpty();
    }
}
