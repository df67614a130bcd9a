package io.bpfjmx.libbpf.testing;

import io.bpfjmx.libbpf.BpfException;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.BpfProgram;
import java.nio.file.Path;

/**
 * A child JVM for the exit tests: loads an object, closes it from a shutdown hook (as the agent does), and calls
 * {@code System.exit} while threads attach and detach its programs in a loop. It must end on its own.
 *
 * <p>Arguments: the object's path, the milliseconds to wait before {@code System.exit(0)}, the attaching threads.
 */
public final class AttachUntilExit {
    private AttachUntilExit() {}

    public static void main(String[] args) throws Exception {
        BpfObject object = BpfObject.load(Path.of(args[0]));
        long exitAfterMillis = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            object.close();
            System.out.println("closed");
        }, "close-on-exit"));
        for (int i = 0; i < threads; i++) {
            Thread attacher = new Thread(() -> attachUntilClosed(object), "attacher-" + i);
            attacher.setDaemon(true);
            attacher.start();
        }
        System.out.println("attaching");
        Thread.sleep(exitAfterMillis);
        System.exit(0);
    }

    private static void attachUntilClosed(BpfObject object) {
        while (!object.isClosed()) {
            try {
                object.attach();
            } catch (BpfException expected) {
                // the object's kprobe cannot attach: the others are tried all the same
            } catch (IllegalStateException closed) {
                return;
            }
            for (BpfProgram program : object.programs()) {
                try {
                    program.detach();
                } catch (IllegalStateException closed) {
                    return;
                }
            }
        }
    }
}
