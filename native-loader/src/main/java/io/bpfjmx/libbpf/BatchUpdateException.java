package io.bpfjmx.libbpf;

/**
 * A batch update the kernel stopped part-way: the errno of the element it stopped at, and how many elements it had
 * written by then ({@code bpf_map_update_batch} writes in order and reports its count even on failure).
 */
public final class BatchUpdateException extends BpfException {
    private final int written;
    private final int elements;

    BatchUpdateException(String subject, int errno, int written, int elements) {
        super(MapOperation.UPDATE_BATCH, subject, errno, written + " of " + elements
                + " elements were written before the error");
        this.written = written;
        this.elements = elements;
    }

    /** Elements written before the error. */
    public int written() {
        return written;
    }

    /** Elements the batch had. */
    public int elements() {
        return elements;
    }
}
