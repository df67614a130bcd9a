package io.bpfjmx.libbpf.btf;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A struct, union or data section as a JSON object by member name. Members of an anonymous struct or union stand
 * in the enclosing object, as C lets them be named ({@code s.inner_a}).
 *
 * <p>Members that share bytes (those of one union) form a group. Encoding takes at least one member of each group;
 * a group given several members takes them only when they agree on the bits they both hold (one member's padding
 * or a bitfield's neighbours may be another's value), as a decoded union's members always do; any other second
 * member is refused.
 */
final class CompositeCodec extends TypeCodec {
    /** A member: its codec, its offset from the start of this type, and the group of members sharing its bytes. */
    record Field(String name, TypeCodec codec, int offset, int group) {}

    /** A field and its place in {@link #fields}, to mark it given. */
    private record Indexed(Field field, int index) {}

    private final Field[] fields;
    private final Map<String, Indexed> byName = new HashMap<>();
    private final int groups;
    /** Per group: whether it has several members, whose written bits encoding must then keep track of. */
    private final boolean[] sharedGroup;
    private final boolean shared;

    CompositeCodec(String cName, int size, List<Field> fields) {
        super(cName, size);
        this.fields = fields.toArray(Field[]::new);
        for (int i = 0; i < this.fields.length; i++) {
            byName.put(this.fields[i].name(), new Indexed(this.fields[i], i));
        }
        this.groups = fields.stream().mapToInt(Field::group).max().orElse(-1) + 1;
        int[] members = new int[groups];
        fields.forEach(field -> members[field.group()]++);
        this.sharedGroup = new boolean[groups];
        for (int group = 0; group < groups; group++) {
            sharedGroup[group] = members[group] > 1;
        }
        this.shared = groups < fields.size();
    }

    @Override
    JsonShape shape() {
        return new JsonShape.Fields(cName, Arrays.stream(fields)
                .map(field -> new JsonShape.Field(field.name(), field.codec().shape())).toList());
    }

    @Override
    Object decode(byte[] bytes, int offset) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (Field field : fields) {
            object.put(field.name(), field.codec().decode(bytes, offset + field.offset()));
        }
        return object;
    }

    @Override
    void encode(JsonReader in, byte[] out, int offset) throws IOException {
        if (in.peek() != JsonToken.BEGIN_OBJECT) {
            throw new TypedValueException(JsonInput.describeAndSkip(in), "is not an object for",
                    withArticle() + " (members " + memberNames(fields) + ")");
        }
        boolean[] groupGiven = new boolean[groups];
        byte[] written = shared ? new byte[size] : null; // the value bits written so far
        boolean[] given = new boolean[fields.length];
        in.beginObject();
        while (in.hasNext()) {
            String name = in.nextName();
            Indexed found = byName.get(name);
            if (found == null) {
                in.skipValue();
                throw new TypedValueException(null, "unknown member", cName + " has " + memberNames(fields))
                        .within("." + name);
            }
            Field field = found.field();
            if (given[found.index()]) {
                throw new TypedValueException(null, "member given twice:", "give it once").within("." + name);
            }
            given[found.index()] = true;
            try {
                encodeField(field, groupGiven[field.group()], in, out, offset, written);
                groupGiven[field.group()] = true;
            } catch (TypedValueException e) {
                throw e.within("." + name);
            }
        }
        in.endObject();
        for (int group = 0; group < groups; group++) {
            if (!groupGiven[group]) {
                throw missing(group);
            }
        }
    }

    /**
     * Writes one member. Another member of a group already given must agree with the value bits written so far
     * ({@code written}, relative to this type) on the value bits it holds itself.
     */
    private void encodeField(Field field, boolean groupGiven, JsonReader in, byte[] out, int offset, byte[] written)
            throws IOException {
        TypeCodec codec = field.codec();
        int at = offset + field.offset();
        if (!groupGiven) {
            codec.encode(in, out, at);
        } else {
            byte[] alone = new byte[codec.size];
            codec.encode(in, alone, 0);
            byte[] mine = new byte[codec.size];
            codec.markValueBits(mine, 0);
            for (int i = 0; i < codec.size; i++) {
                if (((alone[i] ^ out[at + i]) & mine[i] & written[field.offset() + i]) != 0) {
                    throw new TypedValueException(null, "disagrees with another member of its union at", "a union "
                            + "holds one member at a time: give one of " + memberNames(groupOf(field.group())));
                }
            }
            for (int i = 0; i < codec.size; i++) {
                out[at + i] |= alone[i]; // its padding is zero; the bits it shares agree
            }
        }
        if (sharedGroup[field.group()]) {
            codec.markValueBits(written, field.offset());
        }
    }

    @Override
    void markValueBits(byte[] mask, int offset) {
        for (Field field : fields) {
            field.codec().markValueBits(mask, offset + field.offset());
        }
    }

    private TypedValueException missing(int group) {
        Field[] members = groupOf(group);
        if (members.length == 1) {
            return new TypedValueException(null, "missing member", members[0].codec().withArticle() + ": give every "
                    + "member of " + cName).within("." + members[0].name());
        }
        return new TypedValueException(null, "missing a member of the union of " + memberNames(members) + " in",
                withArticle() + ": give one of them");
    }

    private Field[] groupOf(int group) {
        return Arrays.stream(fields).filter(field -> field.group() == group).toArray(Field[]::new);
    }

    private static String memberNames(Field[] fields) {
        return Arrays.stream(fields).map(Field::name).collect(Collectors.joining(", "));
    }
}
