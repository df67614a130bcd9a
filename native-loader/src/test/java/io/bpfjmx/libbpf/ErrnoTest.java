package io.bpfjmx.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrnoTest {
    @Test
    void readsErrnosAsMapErrorsNotAsTheCLibraryDoes() {
        assertThat(Errno.meaningOf(7, MapOperation.UPDATE)).isEqualTo("map full, or array index out of range "
                + "(index >= max_entries)");
        assertThat(Errno.meaningOf(17, MapOperation.UPDATE)).isEqualTo("key exists and flags=NOEXIST");
        assertThat(Errno.meaningOf(2, MapOperation.UPDATE)).isEqualTo("no such key and flags=EXIST");
        assertThat(Errno.meaningOf(2, MapOperation.LOOKUP)).isEqualTo("no such key");
        assertThat(Errno.meaningOf(1, MapOperation.UPDATE)).contains("needs CAP_BPF (or root)");
    }

    @Test
    void namesUnknownNumbersPlainly() {
        assertThat(Errno.nameOf(17)).isEqualTo("EEXIST");
        assertThat(Errno.nameOf(4242)).isEqualTo("errno 4242");
        assertThat(Errno.meaningOf(4242, MapOperation.UPDATE)).isEqualTo("unknown error");
    }

    @Test
    void exceptionMessagesNameOperationSubjectErrnoAndMeaning() {
        BpfException e = BpfException.of(MapOperation.UPDATE, "map 'syscall_count_map'", -17);
        assertThat(e).hasMessage("update of map 'syscall_count_map' failed: EEXIST (key exists and flags=NOEXIST)");
        assertThat(e.errno()).isEqualTo(17);
        assertThat(e.errnoName()).isEqualTo("EEXIST");
    }
}
