package io.bpfjmx.libbpf;

import static io.bpfjmx.libbpf.LibBpfLibrary.libbpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A map's element count as the kernel keeps it: the per-CPU counter of every hash map (kernel 6.6 and later), which
 * only a BPF program can read, through the kfunc {@code bpf_map_sum_elem_count}. An iterator over the kernel's maps
 * ({@code bpf/map_count.bpf.c}, a resource of this jar, loaded from memory) writes one record a map, its id and
 * count; reading it takes a few system calls however large the maps are, where a count by batch reads takes one a
 * 4096 entries and the kernel's walk of every bucket.
 *
 * <p>The iterator is loaded and attached once, at the first count, and kept for the life of the JVM: an object and
 * a link of bpfjmx's own, closed by nobody. Each count creates its own session of it ({@code bpf_iter_create}),
 * reads it to the end and closes it, so that counts on several threads run side by side. Where it cannot load (a
 * kernel before 6.6, without the kfunc; no kernel BTF; no CAP_BPF and CAP_PERFMON, which a tracing program needs)
 * it is unavailable for good, said once at FINE, and the caller counts another way.
 */
final class ElementCounts {
    private static final Logger LOG = Logger.getLogger(ElementCounts.class.getName());
    /** One record a map: {@code __u32 id; __u32 pad; __s64 count;}, in the host's byte order. */
    private static final int RECORD_SIZE = 16;
    /** Bytes asked of one read: the records of 1024 maps, whole records only. */
    private static final int READ_SIZE = 1024 * RECORD_SIZE;
    private static final int NOT_LOADED = -2;
    private static final int UNAVAILABLE = -1;

    /** The counts the jar's own iterator reads, loaded when first asked. */
    static final ElementCounts KERNEL = new ElementCounts("map_count.bpf.o", () -> resource("map_count.bpf.o"));

    private final String name;
    private final Supplier<byte[]> image;
    /** The attached iterator's link: {@link #NOT_LOADED} until the first count, {@link #UNAVAILABLE} for good. */
    private volatile int linkFd = NOT_LOADED;

    /** The counts that the iterator object {@code image} (ELF) writes; {@code name} names it in messages. */
    ElementCounts(String name, Supplier<byte[]> image) {
        this.name = name;
        this.image = image;
    }

    /**
     * The kernel's element count of the map {@code mapId}, which must be open (so that it stays listed); empty when
     * the iterator is unavailable or this read of it failed. Only a hash map's count means anything: other maps read
     * 0, having no counter.
     */
    OptionalLong count(int mapId) {
        int link = link();
        if (link < 0) {
            return OptionalLong.empty();
        }
        int iterator = libbpf().bpf_iter_create(link);
        if (iterator < 0) {
            LOG.log(Level.FINE, () -> "cannot read the element counts: bpf_iter_create failed with "
                    + Errno.nameOf(-iterator) + "; counting by reading the map instead");
            return OptionalLong.empty();
        }
        try {
            return find(readAll(iterator), mapId);
        } finally {
            libbpf().close(iterator);
        }
    }

    private int link() {
        int fd = linkFd;
        if (fd != NOT_LOADED) {
            return fd;
        }
        synchronized (this) {
            if (linkFd == NOT_LOADED) {
                linkFd = load();
            }
            return linkFd;
        }
    }

    /** Loads and attaches the iterator; its link's descriptor, or {@link #UNAVAILABLE} after saying why at FINE. */
    private int load() {
        try (LibBpfLog.Capture log = new LibBpfLog.Capture(true)) {
            return attach(log);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, () -> "hash maps are counted by reading them: the kernel's element counts cannot be"
                    + " read (iterator " + name + ": " + e.getMessage() + "); they need kernel 6.6 or later with BTF,"
                    + " and CAP_BPF with CAP_PERFMON");
            return UNAVAILABLE;
        }
    }

    /**
     * Opens, loads and attaches the iterator; its link's descriptor. The object and the link are never closed:
     * counts use them for the life of the JVM.
     *
     * @throws IllegalStateException saying which step failed, with the errno and libbpf's words
     */
    private int attach(LibBpfLog.Capture log) {
        byte[] bytes = image.get();
        // libbpf reads the image in place until the load is over: native memory, kept reachable until then
        ByteBuffer elf = ByteBuffer.allocateDirect(bytes.length).put(0, bytes);
        long object = libbpf().bpf_object__open_mem(libbpf().address(elf), bytes.length, 0);
        if (object == 0) {
            throw failed("open", libbpf().errno(), log);
        }
        int loaded = libbpf().bpf_object__load(object);
        Reference.reachabilityFence(elf);
        if (loaded != 0) {
            libbpf().bpf_object__close(object);
            throw failed("load", -loaded, log);
        }
        long link = libbpf().bpf_program__attach(libbpf().bpf_object__next_program(object, 0));
        if (link == 0) {
            int errno = libbpf().errno();
            libbpf().bpf_object__close(object);
            throw failed("attach", errno, log);
        }
        return libbpf().bpf_link__fd(link);
    }

    private static IllegalStateException failed(String step, int errno, LibBpfLog.Capture log) {
        String said = log.text().strip();
        return new IllegalStateException(step + " failed with " + Errno.nameOf(errno)
                + (said.isEmpty() ? "" : " (libbpf: " + said + ")"));
    }

    /** Everything the session writes, read to its end; null when a read fails. */
    private static ByteBuffer readAll(int iterator) {
        byte[] all = new byte[READ_SIZE];
        int size = 0;
        byte[] chunk = new byte[READ_SIZE];
        while (true) {
            long read = libbpf().read(iterator, chunk, chunk.length);
            if (read == 0) {
                return ByteBuffer.wrap(all, 0, size).order(ByteOrder.nativeOrder());
            }
            if (read < 0) {
                int errno = libbpf().errno();
                LOG.log(Level.FINE, () -> "cannot read the element counts: read failed with " + Errno.nameOf(errno)
                        + "; counting by reading the map instead");
                return null;
            }
            if (size + read > all.length) {
                all = Arrays.copyOf(all, Math.max(2 * all.length, size + (int) read));
            }
            System.arraycopy(chunk, 0, all, size, (int) read);
            size += (int) read;
        }
    }

    private static OptionalLong find(ByteBuffer records, int mapId) {
        if (records == null) {
            return OptionalLong.empty();
        }
        for (int at = 0; at + RECORD_SIZE <= records.limit(); at += RECORD_SIZE) {
            if (records.getInt(at) == mapId) {
                return OptionalLong.of(records.getLong(at + 8));
            }
        }
        return OptionalLong.empty();
    }

    private static byte[] resource(String resource) {
        try (InputStream in = ElementCounts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from bpfjmx's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
