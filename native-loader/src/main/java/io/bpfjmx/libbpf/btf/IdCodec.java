package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import io.bpfjmx.libbpf.RejectedMapRequestException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The value of a map whose values are programs or maps (a {@code PROG_ARRAY}, a map of maps) as a lookup from user
 * space reads it: the kernel's id of the program or map, shown with the kernel's name for it,
 * {@code {"id":12,"name":"target"}}. The name is empty when the program or map is gone by the time it is asked for.
 *
 * <p>There is nothing to encode: such a value is a file descriptor of the writing process, so it is written by
 * reference ({@code BpfMap.update(key, OpenFd, flags)}), never from JSON bytes; {@link #encodeBare} says so to
 * whatever JSON it is given.
 */
final class IdCodec extends TypeCodec {
    private static final JsonShape SHAPE_ID = new JsonShape.Scalar("__u32", JsonShape.Scalar.Kind.INTEGER);
    private static final JsonShape SHAPE_NAME = new JsonShape.Scalar("char[16]", JsonShape.Scalar.Kind.TEXT);

    private final String mapName;
    private final String kind;
    private final IntFunction<String> names;

    /**
     * @param kind  {@code program} or {@code map}
     * @param names the kernel's name of the program or map of an id, empty when there is none
     */
    IdCodec(String mapName, String kind, IntFunction<String> names) {
        super(kind, Integer.BYTES);
        this.mapName = mapName;
        this.kind = kind;
        this.names = names;
    }

    /** What the typed operations take and give for such a value, for {@link MapCodec#valueType()}. */
    String description() {
        return kind + " (read as {\"id\":N,\"name\":\"…\"}; written as {\"id\":N}, {\"pinned\":\"/sys/fs/bpf/…\"} "
                + "or {\"name\":\"<" + kind + " of this object>\"})";
    }

    @Override
    Object decode(byte[] bytes, int offset) {
        long id = Bytes.read(bytes, offset, Integer.BYTES);
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("id", id);
        value.put("name", names.apply((int) id));
        return value;
    }

    @Override
    boolean encodeBare(String text, byte[] out) {
        throw writtenByReference();
    }

    @Override
    void encode(JsonReader in, byte[] out, int offset) {
        throw writtenByReference();
    }

    private RejectedMapRequestException writtenByReference() {
        return new RejectedMapRequestException(RejectedMapRequestException.Reason.FD_VALUE, "value of map '" + mapName
                + "': a " + kind + " is written by reference, not as bytes: open it with FdTarget.openFor and give "
                + "it to BpfMap.update(key, OpenFd, flags)");
    }

    @Override
    JsonShape shape() {
        return new JsonShape.Fields(kind, List.of(new JsonShape.Field("id", SHAPE_ID),
                new JsonShape.Field("name", SHAPE_NAME)));
    }
}
