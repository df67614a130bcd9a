package io.bpfjmx.benchmarks;

import io.bpfjmx.libbpf.BpfMap;
import io.bpfjmx.libbpf.BpfObject;
import io.bpfjmx.libbpf.UpdateFlags;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link BpfMap#update} of one fixed key of {@code hash_map} in {@code fixtures.bpf.o} (HASH, u32 key, u64 value),
 * the same work {@code benchmarks/c/update_loop.c} times with {@code bpf_map__update_elem} directly; and
 * {@link BpfMap#updateBatch} of {@value #BATCH} keys of the same map, reported per element; and the same two for
 * {@code percpu_hash} (12-byte values, one given for all CPUs).
 *
 * <p>Needs root (or CAP_BPF). The object is found in the directory of the system property {@code bpfjmx.bpfDir}
 * ({@code bpf} relative to the working directory by default). Run with {@code benchmarks/run.sh}, which also runs
 * the C baseline and prints the ratios.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MapUpdateBenchmark {
    /** Elements per batch update; {@code hash_map} holds 8192. */
    public static final int BATCH = 4096;
    /** The key update_loop.c writes too. */
    public static final int KEY = 42;

    private BpfObject object;
    private BpfMap map;
    private final UpdateFlags any = UpdateFlags.of(UpdateFlags.ANY);
    private final byte[] key = le32(KEY);
    private final byte[] value = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 7L).array();
    private final byte[] batchKeys = new byte[BATCH * 4];
    private final byte[] batchValues = new byte[BATCH * 8];
    /** One 12-byte value per key for {@code percpu_hash}: copied to every CPU's slot. */
    private final byte[] perCpuValue = new byte[12];
    private final byte[] perCpuBatchValues = new byte[BATCH * 12];
    private BpfMap perCpuMap;

    @Setup(Level.Trial)
    public void load() {
        Path fixtures = Path.of(System.getProperty("bpfjmx.bpfDir", "bpf"), "fixtures.bpf.o");
        object = BpfObject.load(fixtures);
        map = object.map("hash_map");
        perCpuMap = object.map("percpu_hash");
        ByteBuffer keys = ByteBuffer.wrap(batchKeys).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer values = ByteBuffer.wrap(batchValues).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < BATCH; i++) {
            keys.putInt(i * 4, i);
            values.putLong(i * 8, i);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        object.close();
    }

    @Benchmark
    public void update() {
        map.update(key, value, any);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int updateBatch() {
        return map.updateBatch(batchKeys, batchValues, any);
    }

    @Benchmark
    public void updatePerCpu() {
        perCpuMap.update(key, perCpuValue, any);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int updateBatchPerCpu() {
        return perCpuMap.updateBatch(batchKeys, perCpuBatchValues, any);
    }

    private static byte[] le32(int number) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, number).array();
    }
}
