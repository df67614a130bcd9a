package io.bpfjmx.libbpf.btf;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import io.bpfjmx.libbpf.RejectedMapRequestException;
import io.bpfjmx.libbpf.ValueLayout;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A map's keys and values as JSON, from its BTF: encoding checks every field (and names its JSON path when one does
 * not fit), decoding follows bpftool's {@code formatted} shapes. Per-CPU values decode to
 * {@code [{"cpu":0,"value":V0},…]}, one per possible CPU, and encode from one value (for every CPU) or from exactly
 * that list.
 *
 * <p>A top-level text that is not JSON is taken as a string, so that an operator can type {@code cat} where the key
 * is a {@code char[]}, {@code GREEN} for an enum or {@code 0x2a} for an int; a {@code char[]} takes as its string
 * any text that is not a JSON string or list ({@code 123} is the string "123").
 */
public final class MapCodec {
    private final String mapName;
    private final Btf btf;
    private final int keyTypeId;
    private final int valueTypeId;
    private final ValueLayout layout;
    private final TypeCodec key;
    private final TypeCodec value;
    private final String untypedReason;
    /** The rule an untyped codec's refusals name: NO_BTF, or FD_VALUE for values bpfjmx cannot write. */
    private final RejectedMapRequestException.Reason untypedRule;

    private MapCodec(String mapName, Btf btf, int keyTypeId, int valueTypeId, ValueLayout layout, TypeCodec key,
                     TypeCodec value, String untypedReason, RejectedMapRequestException.Reason untypedRule) {
        this.mapName = mapName;
        this.btf = btf;
        this.keyTypeId = keyTypeId;
        this.valueTypeId = valueTypeId;
        this.layout = layout;
        this.key = key;
        this.value = value;
        this.untypedReason = untypedReason;
        this.untypedRule = untypedRule;
    }

    /**
     * The codec of a map whose key and value have these BTF type ids (0: none), or one that refuses every typed
     * operation, saying why ({@link #isTyped()}).
     *
     * @param btf null when the map has no BTF at all
     */
    public static MapCodec of(String mapName, Btf btf, int keyTypeId, int valueTypeId, int keySize,
                              ValueLayout layout) {
        if (btf == null || keyTypeId == 0 || valueTypeId == 0) {
            return untyped(mapName, btf, keyTypeId, valueTypeId, layout, "it has no BTF types for its key and "
                    + "value (built without -g, or declared with key_size/value_size)");
        }
        try {
            TypeCodec key = Codecs.of(btf, keyTypeId);
            TypeCodec value = Codecs.of(btf, valueTypeId);
            if (key.size != keySize || value.size != layout.valueSize()) {
                return untyped(mapName, btf, keyTypeId, valueTypeId, layout, "its BTF types (" + key.size + " and "
                        + value.size + " bytes) do not match its key and value sizes (" + keySize + " and "
                        + layout.valueSize() + " bytes)");
            }
            return new MapCodec(mapName, btf, keyTypeId, valueTypeId, layout, key, value, null, null);
        } catch (IllegalArgumentException e) { // Codecs.UnsupportedTypeException, or BTF that does not hold together
            return untyped(mapName, btf, keyTypeId, valueTypeId, layout, "its types cannot be JSON: "
                    + e.getMessage());
        }
    }

    /**
     * The codec of a map whose values are programs or maps ({@code PROG_ARRAY}, maps of maps): values read as
     * {@code {"id":N,"name":"…"}} (a lookup from user space gives the id), and written by reference only, never
     * encoded. The kernel keeps no BTF for such maps (libbpf drops it when it creates them), so a key of 1, 2, 4 or 8
     * bytes is an unsigned integer, and any other the list of its bytes.
     *
     * @param kind  {@code program} or {@code map}
     * @param names the kernel's name of the program or map of an id; empty when there is none
     */
    public static MapCodec ofReferences(String mapName, int keySize, ValueLayout layout, String kind,
                                        IntFunction<String> names) {
        return new MapCodec(mapName, null, 0, 0, layout, untypedKey(keySize), new IdCodec(mapName, kind, names), null,
                null);
    }

    /** A key without a BTF type: an unsigned integer of its size, or (other sizes) the list of its bytes. */
    private static TypeCodec untypedKey(int size) {
        TypeCodec oneByte = new ScalarCodec.Int("__u8", 1, false);
        return switch (size) {
            case 1 -> oneByte;
            case 2, 4, 8 -> new ScalarCodec.Int("__u" + 8 * size, size, false);
            default -> new ArrayCodec("__u8[" + size + "]", oneByte, size);
        };
    }

    /**
     * A codec that refuses every typed operation, saying {@code why}, under {@code rule}: for maps whose values
     * bpfjmx cannot give ({@code FD_VALUE}: sockets, perf events, cgroups, devices).
     */
    public static MapCodec refusing(String mapName, ValueLayout layout, RejectedMapRequestException.Reason rule,
                                    String why) {
        return new MapCodec(mapName, null, 0, 0, layout, null, null, why, rule);
    }

    private static MapCodec untyped(String mapName, Btf btf, int keyTypeId, int valueTypeId, ValueLayout layout,
                                    String reason) {
        return new MapCodec(mapName, btf, keyTypeId, valueTypeId, layout, null, null, reason,
                RejectedMapRequestException.Reason.NO_BTF);
    }

    /** Whether typed operations work on this map; if not, {@link #encodeKey} and the rest say why. */
    public boolean isTyped() {
        return untypedReason == null;
    }

    /**
     * The key's C type ({@code struct flow_key {…}}); for a map of programs or maps without BTF, the integer (or
     * byte list) its keys are taken as; empty for other maps without BTF.
     */
    public String keyType() {
        return keyTypeId == 0 && key != null ? key.cName : declaration(keyTypeId);
    }

    /**
     * The value's C type (for per-CPU maps, one CPU's value), or empty without BTF; for a map of programs or maps,
     * what its typed values are, e.g. {@code program (read as {"id":N,"name":"…"}; written as {"id":N}, …)}.
     */
    public String valueType() {
        return value instanceof IdCodec ids ? ids.description() : declaration(valueTypeId);
    }

    private String declaration(int typeId) {
        return btf == null || typeId == 0 ? "" : CDeclaration.of(btf, typeId);
    }

    /** The shape of every decoded key. */
    public JsonShape keyShape() {
        requireTyped();
        return key.shape();
    }

    /** The shape of every decoded value of one CPU (per-CPU maps decode to a list of these, one per CPU). */
    public JsonShape valueShape() {
        requireTyped();
        return value.shape();
    }

    /** The key's bytes from JSON text. */
    public byte[] encodeKey(String json) {
        requireTyped();
        return encode(key, json, "key");
    }

    /**
     * The value's bytes from JSON text: one value of {@link ValueLayout#valueSize()} bytes, or for a per-CPU map
     * given the list {@code [{"cpu":N,"value":V},…]} covering every possible CPU once, the whole buffer.
     */
    public byte[] encodeValue(String json) {
        requireTyped();
        if (layout.isPerCpu()) {
            List<JsonElement> perCpu = perCpuList(json);
            if (perCpu != null) {
                return encodePerCpu(perCpu);
            }
        }
        return encode(value, json, "value");
    }

    /** The key as a JSON tree (see {@link JsonTree}). */
    public Object decodeKey(byte[] bytes) {
        requireTyped();
        return key.decode(bytes, 0);
    }

    /** A value buffer as a JSON tree; per-CPU, the list of every CPU's value. */
    public Object decodeValue(byte[] buffer) {
        requireTyped();
        if (!layout.isPerCpu()) {
            return value.decode(buffer, 0);
        }
        List<Object> perCpu = new ArrayList<>(layout.slots());
        for (int cpu = 0; cpu < layout.slots(); cpu++) {
            Map<String, Object> slot = new LinkedHashMap<>();
            slot.put("cpu", (long) cpu);
            slot.put("value", value.decode(buffer, cpu * layout.slotSize()));
            perCpu.add(slot);
        }
        return perCpu;
    }

    private void requireTyped() {
        if (untypedReason != null) {
            throw new RejectedMapRequestException(untypedRule, "map '" + mapName + "' takes no typed keys and values: "
                    + untypedReason + (untypedRule == RejectedMapRequestException.Reason.NO_BTF
                    ? "; give raw bytes in hex instead (updateElem, lookupElem, deleteElem; the CLI's hex: prefix)"
                    : "; lookupElem, deleteElem and getNextKey take its keys as hex (the CLI's hex: prefix)"));
        }
    }

    private byte[] encode(TypeCodec codec, String json, String what) {
        if (json == null) {
            throw new TypedValueException(null, "no JSON given for", codec.withArticle()).of(what + " of map '"
                    + mapName + "'");
        }
        try {
            byte[] bare = new byte[codec.size];
            if (codec.encodeBare(json, bare)) {
                return bare; // a plain number, an enumerator's name, a char[]'s string: no JSON to parse
            }
            try {
                return encodeStrictly(codec, json);
            } catch (MalformedJsonException | java.io.EOFException e) {
                if (codec instanceof CompositeCodec || codec instanceof ArrayCodec) { // a bare char[] string is done
                    throw notJson(json, codec, e);
                }
                return encodeStrictly(codec, JsonInput.quoted(json)); // a bare word: the string itself
            }
        } catch (TypedValueException e) {
            throw e.of(what + " of map '" + mapName + "'");
        } catch (IOException e) {
            throw notJson(json, codec, e).of(what + " of map '" + mapName + "'");
        }
    }

    private static TypedValueException notJson(String json, TypeCodec codec, IOException e) {
        return new TypedValueException(JsonInput.quoted(json), "is not valid JSON (" + JsonInput.syntaxProblem(e)
                + ") for", codec.withArticle());
    }

    private static byte[] encodeStrictly(TypeCodec codec, String json) throws IOException {
        JsonReader in = new JsonReader(new StringReader(json));
        in.setStrictness(Strictness.STRICT);
        byte[] out = new byte[codec.size];
        codec.encode(in, out, 0);
        if (in.peek() != JsonToken.END_DOCUMENT) {
            throw new MalformedJsonException("more text after the value");
        }
        return out;
    }

    /** The elements of a per-CPU list, or null when {@code json} is one value for every CPU. */
    private List<JsonElement> perCpuList(String json) {
        if (!json.stripLeading().startsWith("[")) {
            return null;
        }
        JsonElement tree;
        try {
            tree = JsonParser.parseString(json);
        } catch (RuntimeException e) {
            return null; // not JSON: the single-value path says why
        }
        if (!tree.isJsonArray()) {
            return null;
        }
        List<JsonElement> elements = tree.getAsJsonArray().asList();
        boolean perCpuShape = !elements.isEmpty() && elements.stream().allMatch(element -> element.isJsonObject()
                && element.getAsJsonObject().has("cpu") && element.getAsJsonObject().has("value"));
        // a value that is itself a list (an array type) is one value unless every element has the per-CPU shape
        return perCpuShape || !(value instanceof ArrayCodec) ? elements : null;
    }

    private byte[] encodePerCpu(List<JsonElement> elements) {
        int cpus = layout.slots();
        String subject = "per-CPU value of map '" + mapName + "'";
        if (elements.size() != cpus) {
            throw new TypedValueException("a list of " + elements.size(), "is the wrong length for", "one "
                    + "{\"cpu\":N,\"value\":V} for each of the " + cpus + " possible CPUs (or give one value, "
                    + "written to every CPU)").of(subject);
        }
        byte[] buffer = new byte[layout.bufferSize()];
        boolean[] seen = new boolean[cpus];
        for (int i = 0; i < elements.size(); i++) {
            JsonElement element = elements.get(i);
            JsonObject slot = element.isJsonObject() ? element.getAsJsonObject() : null;
            if (slot == null || slot.size() != 2 || !slot.has("cpu") || !slot.has("value")) {
                throw new TypedValueException(element.toString(), "is not {\"cpu\":N,\"value\":V} at",
                        "an element of the per-CPU list").within("[" + i + "]").of(subject);
            }
            int cpu = cpuNumber(slot.get("cpu"), i, cpus, subject);
            if (seen[cpu]) {
                throw new TypedValueException("cpu " + cpu, "comes twice in", "the per-CPU list: give each "
                        + "possible CPU (0 to " + (cpus - 1) + ") once").of(subject);
            }
            seen[cpu] = true;
            try {
                byte[] one = encodeStrictly(value, slot.get("value").toString());
                System.arraycopy(one, 0, buffer, cpu * layout.slotSize(), one.length);
            } catch (TypedValueException e) {
                throw e.within("[" + i + "].value").of(subject);
            } catch (IOException e) {
                throw new IllegalStateException("JSON that Gson parsed did not read again", e);
            }
        }
        return buffer;
    }

    private static int cpuNumber(JsonElement cpu, int index, int cpus, String subject) {
        if (cpu.isJsonPrimitive() && cpu.getAsJsonPrimitive().isNumber()) {
            String text = cpu.getAsString();
            if (text.matches("[0-9]{1,9}") && Integer.parseInt(text) < cpus) {
                return Integer.parseInt(text);
            }
        }
        throw new TypedValueException(cpu.toString(), "is not a possible CPU at", "a number from 0 to " + (cpus - 1))
                .within("[" + index + "].cpu").of(subject);
    }

    @Override
    public String toString() {
        return "MapCodec[" + mapName + (isTyped() ? "" : ", untyped: " + untypedReason) + "]";
    }
}
