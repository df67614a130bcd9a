package io.bpfjmx.libbpf.btf;

import static org.assertj.core.api.Assertions.assertThat;

import io.bpfjmx.libbpf.btf.RandomTypes.Case;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The codec's round-trip laws on random types of every kind ({@link RandomTypes}: nested structs with padding,
 * bitfields in both encodings, unions, arrays, strings, enums, floats, 128-bit ints, typedefs and qualifiers,
 * anonymous members) and random values of them.
 *
 * <p>The bytes of a value have their padding zero. A union's bytes are those of one of its members (with that
 * member's padding zero): other members read the same bytes, and writing them all back must agree with it. That is
 * the law's limit for unions: bytes that are padding in every member, or that two members read differently, are not
 * a value JSON can give. No union holds a float (a NaN payload read through a float is not kept; see RandomTypes).
 */
class CodecPropertiesTest {
    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(Case::random);
    }

    /** Law (a): encode(decode(b)) == b, for char arrays with bytes after the NUL and bools other than 0 and 1 too. */
    @Property(tries = 400)
    void decodingThenEncodingGivesBackTheBytes(@ForAll("cases") Case value) {
        MapCodec codec = typedCodec(value);
        String json = JsonTree.write(codec.decodeValue(value.bytes()));
        assertThat(codec.encodeValue(json)).as(json).isEqualTo(value.bytes());
    }

    /** Law (b): decode(encode(j)) == j, for the canonical JSON j of any value. */
    @Property(tries = 400)
    void encodingThenDecodingGivesBackCanonicalJson(@ForAll("cases") Case value) {
        MapCodec codec = typedCodec(value);
        String json = value.json();
        assertThat(JsonTree.write(codec.decodeValue(codec.encodeValue(json)))).isEqualTo(json);
    }

    /** The canonical JSON is what the design says bytes read as (the model in RandomTypes, not the codec). */
    @Property(tries = 400)
    void bytesDecodeToTheJsonTheDesignDescribes(@ForAll("cases") Case value) {
        assertThat(JsonTree.write(typedCodec(value).decodeValue(value.bytes()))).isEqualTo(value.json());
    }

    private static MapCodec typedCodec(Case value) {
        MapCodec codec = value.codec();
        assertThat(codec.isTyped()).as(codec.toString()).isTrue();
        assertThat(codec.valueType()).isNotEmpty();
        return codec;
    }
}
