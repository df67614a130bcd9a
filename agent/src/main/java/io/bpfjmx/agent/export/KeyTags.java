package io.bpfjmx.agent.export;

import io.bpfjmx.libbpf.btf.JsonShape;
import io.bpfjmx.libbpf.btf.JsonTree;
import io.bpfjmx.libbpf.btf.MapCodec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A map's key as tags, from its BTF: one tag per field of a struct key (a nested struct's fields too, their names
 * joined by {@code _}: {@code addr_port}), or one tag for a key that is one value. A {@code char[]} holding a string
 * is that string, an int its decimal, an enum its enumerator's name, anything else (an array, a {@code char[]}
 * that is not a string) its JSON text. A map without BTF has one tag, the key's bytes in hex.
 *
 * <p>Tag names are Prometheus label names as they are ({@code [A-Za-z_][A-Za-z0-9_]*}, no leading {@code __}), so
 * that no two become one when a registry rewrites them (the Prometheus client refuses a whole scrape with two
 * equal label names). A field whose name is taken, by the tags every series has ({@code object}, {@code map},
 * {@code field}, {@code cpu}) or by an earlier field, becomes {@code key_<name>}, then {@code key_<name>_2}, ….
 */
final class KeyTags {
    private static final Set<String> SERIES_TAGS = Set.of("object", "map", "field", "cpu");

    /** A key field: its tag name and where its value sits in the decoded key (member names, outermost first). */
    private record Leaf(String tag, List<String> path) {}

    private final MapCodec codec;
    /** null for a key without BTF (hex) or a scalar key */
    private final List<Leaf> leaves;
    private final List<String> names;

    private KeyTags(MapCodec codec, List<Leaf> leaves, List<String> names) {
        this.codec = codec;
        this.leaves = leaves;
        this.names = names;
    }

    /**
     * @param codec       the map's codec, typed or not
     * @param scalarLabel the tag of a key that is one value, or of the hex key of a map without BTF
     */
    static KeyTags of(MapCodec codec, String scalarLabel) {
        if (!codec.isTyped() || !(codec.keyShape() instanceof JsonShape.Fields fields)) {
            return new KeyTags(codec, null, List.of(scalarLabel));
        }
        List<Leaf> leaves = new ArrayList<>();
        flatten(fields, List.of(), leaves);
        List<String> names = new ArrayList<>();
        List<Leaf> named = new ArrayList<>();
        for (Leaf leaf : leaves) {
            String name = uniqueName(labelName(leaf.tag), names);
            names.add(name);
            named.add(new Leaf(name, leaf.path));
        }
        return new KeyTags(codec, List.copyOf(named), List.copyOf(names));
    }

    /** Whether the key is a struct, whose fields name its tags (a scalar key's tag is the one given). */
    boolean isStruct() {
        return leaves != null;
    }

    /** The tag names, in the order of {@link #values}. */
    List<String> names() {
        return names;
    }

    /** The tag values of one key. */
    List<String> values(byte[] key) {
        if (!codec.isTyped()) {
            return List.of(HexFormat.of().formatHex(key));
        }
        Object tree = codec.decodeKey(key);
        if (leaves == null) {
            return List.of(text(tree));
        }
        List<String> values = new ArrayList<>(leaves.size());
        for (Leaf leaf : leaves) {
            Object value = tree;
            for (String member : leaf.path) {
                value = ((Map<?, ?>) value).get(member);
            }
            values.add(text(value));
        }
        return values;
    }

    private static void flatten(JsonShape.Fields fields, List<String> at, List<Leaf> leaves) {
        for (JsonShape.Field field : fields.fields()) {
            List<String> path = new ArrayList<>(at);
            path.add(field.name());
            if (field.shape() instanceof JsonShape.Fields nested) {
                flatten(nested, path, leaves);
            } else {
                leaves.add(new Leaf(String.join("_", path), List.copyOf(path)));
            }
        }
    }

    /**
     * A member path as a label name: characters other than letters, digits and {@code _} become {@code _}, and
     * leading underscores go (Prometheus keeps names starting with {@code __}); an empty name (an anonymous member
     * inside a union) is {@code key}.
     */
    static String labelName(String path) {
        String name = path.replaceAll("[^A-Za-z0-9_]", "_").replaceFirst("^_+", "");
        if (name.isEmpty()) {
            return "key";
        }
        return Character.isDigit(name.charAt(0)) ? "key_" + name : name;
    }

    private static String uniqueName(String name, List<String> taken) {
        if (!SERIES_TAGS.contains(name) && !taken.contains(name)) {
            return name;
        }
        String prefixed = "key_" + name;
        String unique = prefixed;
        for (int n = 2; SERIES_TAGS.contains(unique) || taken.contains(unique); n++) {
            unique = prefixed + "_" + n;
        }
        return unique;
    }

    /** A decoded scalar as a tag value: a string as it is, a number or boolean as Java writes it, else JSON. */
    private static String text(Object tree) {
        if (tree instanceof String text) {
            return text;
        }
        if (tree instanceof Number || tree instanceof Boolean) {
            return tree.toString();
        }
        return JsonTree.write(tree);
    }
}
