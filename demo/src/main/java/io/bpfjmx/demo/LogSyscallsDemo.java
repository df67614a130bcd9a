package io.bpfjmx.demo;

import io.bpfjmx.libbpf.BpfException;
import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.UpdateFlags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The seed's example in Java: load {@code log_syscalls.bpf.o}, insert {@code "cat"} with {@code BPF_NOEXIST},
 * attach the tracepoint, run {@code cat}, and print how many system calls the program counted for it.
 */
public final class LogSyscallsDemo {
    private static final int KEY_SIZE = 128; // char[STRING_LEN] in log_syscalls.bpf.c

    private LogSyscallsDemo() {}

    public static void main(String[] args) throws Exception {
        Path objectPath = Path.of(args.length > 0 ? args[0] : "bpf/log_syscalls.bpf.o");
        try (BpfObject object = BpfObject.load(objectPath)) {
            BpfMap counts = object.map("syscall_count_map");
            byte[] cat = new byte[KEY_SIZE];
            byte[] name = "cat".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, cat, 0, name.length);

            counts.update(cat, new byte[4], UpdateFlags.of(UpdateFlags.NOEXIST));
            System.out.println("inserted \"cat\" into " + counts + " with BPF_NOEXIST");
            try {
                counts.update(cat, new byte[4], UpdateFlags.of(UpdateFlags.NOEXIST));
            } catch (BpfException expected) {
                System.out.println("a second insert is refused, as it should be: " + expected.getMessage());
            }

            object.attach();
            System.out.println("attached " + object.programs());
            Process process = new ProcessBuilder("cat", "/proc/version").start();
            process.getInputStream().readAllBytes();
            process.waitFor();

            int count = ByteBuffer.wrap(counts.lookup(cat)).order(ByteOrder.nativeOrder()).getInt();
            System.out.println("cat made " + count + " system calls");
        }
    }
}
