package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import lstmjob.testing.OracleCases.ModelCase;

/**
 * Damaged and hostile variants of an oracle model file, made from a seeded {@link Random}: byte flips, truncations,
 * spliced ranges, zip entries removed or renamed, config mutations (absurd sizes, negative units, unknown
 * activations, wrong types, members removed) and weights manifests that lie about shapes, dtypes and paths.
 */
final class ModelMutations {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Values put in place of a config or manifest value. */
    private static final List<JsonNode> ODD_VALUES = List.of(
            NODES.numberNode(-1),
            NODES.numberNode(0),
            NODES.numberNode(-7),
            NODES.numberNode(Integer.MAX_VALUE),
            NODES.numberNode(1L << 31),
            NODES.numberNode(1_000_000_000_000L),
            NODES.numberNode(1e308),
            NODES.numberNode(0.5),
            NODES.textNode("no_such_activation"),
            NODES.textNode("NaN"),
            NODES.textNode(""),
            NODES.nullNode(),
            NODES.booleanNode(true),
            NODES.arrayNode(),
            NODES.objectNode(),
            NODES.arrayNode().add(1 << 30).add(1 << 30),
            NODES.arrayNode().add(-3).add(4));

    /** The oracle files, read once for all mutants. */
    private static final Map<Path, byte[]> FILES = new ConcurrentHashMap<>();

    private final Random random;

    ModelMutations(Random random) {
        this.random = random;
    }

    /** A mutant of the case's model file written into {@code into}; returns its path, and says what was done. */
    Path mutate(ModelCase model, Path into, StringBuilder what) throws IOException {
        Files.createDirectories(into);
        Path target = into.resolve(model.modelFile());
        byte[] bytes = original(model.model());
        String name = model.modelFile();
        if (name.endsWith(".json")) {
            Path shard = model.dir().resolve("group1-shard1of1.bin");
            byte[] shardBytes = original(shard);
            switch (random.nextInt(4)) {
                case 0 -> bytes = json(bytes, false, what);
                case 1 -> bytes = manifestLie(bytes, what);
                case 2 -> {
                    what.append("shard: ");
                    shardBytes = raw(shardBytes, what);
                }
                default -> bytes = raw(bytes, what);
            }
            Files.write(into.resolve(shard.getFileName()), shardBytes);
        } else if (name.endsWith(".keras")) {
            bytes = random.nextInt(5) == 0 ? raw(bytes, what) : archive(bytes, what);
        } else {
            bytes = random.nextInt(3) == 0 ? json(bytes, true, what) : raw(bytes, what);
        }
        return Files.write(target, bytes);
    }

    // ---- bytes ----

    /**
     * Byte flips (in HDF5 structures, in the first 4 KB or anywhere), a truncation or a spliced range. HDF5
     * structures are found by their signatures; their sizes and addresses follow within a few bytes.
     */
    byte[] raw(byte[] b, StringBuilder what) {
        List<Integer> structures = signatures(b);
        if (!structures.isEmpty() && random.nextInt(6) == 0) {
            // An address field pointed at another structure (or the same one): links that cross or loop.
            byte[] out = b.clone();
            int from = structures.get(random.nextInt(structures.size()));
            int at = Math.min(out.length - 8, from + 8 + 8 * random.nextInt(5));
            long to = structures.get(random.nextInt(structures.size())) - (random.nextBoolean() ? 4 : 0);
            ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putLong(at, to);
            what.append("HDF5 address at ").append(at).append(" = ").append(to);
            if (out[from] == 'T' && random.nextBoolean()) {
                out[from + 5] = 1; // a B-tree leaf made an inner node: its children are then B-tree nodes
                what.append(", tree level at ").append(from + 5).append(" = 1");
            }
            return out;
        }
        if (!structures.isEmpty() && random.nextBoolean()) {
            byte[] out = b.clone();
            int flips = 1 + random.nextInt(3);
            what.append("HDF5 structure bytes set:");
            for (int i = 0; i < flips; i++) {
                int at = Math.min(
                        out.length - 1, structures.get(random.nextInt(structures.size())) + 4 + random.nextInt(36));
                out[at] = (byte) random.nextInt(256);
                what.append(' ').append(at).append('=').append(out[at] & 0xff);
            }
            return out;
        }
        switch (random.nextInt(4)) {
            case 0 -> {
                int cut = random.nextInt(b.length);
                what.append("truncated to ").append(cut).append(" bytes");
                return Arrays.copyOf(b, cut);
            }
            case 1 -> {
                int from = random.nextInt(b.length);
                int length = 1 + random.nextInt(Math.min(64, b.length - from));
                boolean delete = random.nextBoolean();
                what.append(delete ? "deleted " : "duplicated ")
                        .append(length)
                        .append(" bytes at ")
                        .append(from);
                byte[] out = new byte[delete ? b.length - length : b.length + length];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(
                        b,
                        delete ? from + length : from,
                        out,
                        from + (delete ? 0 : length),
                        b.length - (delete ? from + length : from));
                return out;
            }
            default -> {
                byte[] out = b.clone();
                int flips = 1 + random.nextInt(8);
                what.append("bytes set:");
                for (int i = 0; i < flips; i++) {
                    int at = random.nextBoolean()
                            ? random.nextInt(Math.min(4096, out.length))
                            : random.nextInt(out.length);
                    out[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : out[at] ^ (1 << random.nextInt(8)));
                    what.append(' ').append(at).append('=').append(out[at] & 0xff);
                }
                return out;
            }
        }
    }

    // ---- .keras archives ----

    private static byte[] original(Path file) {
        return FILES.computeIfAbsent(file, f -> {
            try {
                return Files.readAllBytes(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private byte[] archive(byte[] keras, StringBuilder what) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(keras))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        List<String> names = new ArrayList<>(entries.keySet());
        String entry = names.get(random.nextInt(names.size()));
        switch (random.nextInt(4)) {
            case 0 -> {
                what.append("entry removed: ").append(entry);
                entries.remove(entry);
            }
            case 1 -> {
                String renamed = random.nextBoolean() ? entry + ".bak" : names.get(random.nextInt(names.size()));
                what.append("entry ").append(entry).append(" renamed to ").append(renamed);
                byte[] content = entries.remove(entry);
                entries.put(renamed, content);
            }
            default -> {
                what.append(entry).append(": ");
                byte[] content = entries.get(entry);
                entries.put(
                        entry,
                        entry.endsWith(".json") && random.nextBoolean()
                                ? json(content, false, what)
                                : raw(content, what));
            }
        }
        return Archives.bytes(entries);
    }

    // ---- JSON: configs and manifests ----

    /**
     * A config value replaced or removed. In an HDF5 file ({@code inPlace}), the model_config attribute is found
     * and rewritten at the same length, padded with spaces; a longer result falls back to a byte mutation.
     */
    private byte[] json(byte[] bytes, boolean inPlace, StringBuilder what) throws IOException {
        int start = 0;
        int end = bytes.length;
        if (inPlace) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            start = text.indexOf("{\"class_name\"");
            end = start < 0 ? -1 : jsonEnd(bytes, start);
            if (end < 0) {
                return raw(bytes, what);
            }
        }
        JsonNode root = JSON.readTree(Arrays.copyOfRange(bytes, start, end));
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode parent = containers.get(random.nextInt(containers.size()));
        mutateMember(parent, what);
        byte[] mutated = JSON.writeValueAsBytes(root);
        if (!inPlace) {
            return mutated;
        }
        if (mutated.length > end - start) {
            what.append(" (too long to write in place); ");
            return raw(bytes, what);
        }
        byte[] out = bytes.clone();
        Arrays.fill(out, start, end, (byte) ' ');
        System.arraycopy(mutated, 0, out, start, mutated.length);
        return out;
    }

    private void mutateMember(JsonNode parent, StringBuilder what) {
        JsonNode value = ODD_VALUES.get(random.nextInt(ODD_VALUES.size()));
        if (parent instanceof ObjectNode object) {
            List<String> fields = new ArrayList<>();
            object.fieldNames().forEachRemaining(fields::add);
            String field = fields.get(random.nextInt(fields.size()));
            if (random.nextInt(4) == 0) {
                what.append("member removed: ").append(field);
                object.remove(field);
            } else {
                what.append("member ").append(field).append(" = ").append(value);
                object.set(field, value);
            }
        } else {
            ArrayNode array = (ArrayNode) parent;
            int i = random.nextInt(array.size());
            what.append("element ").append(i).append(" = ").append(value);
            array.set(i, value);
        }
    }

    /** A weights manifest that lies: a shape, dtype, name, quantization or path that is not what the shard holds. */
    private byte[] manifestLie(byte[] modelJson, StringBuilder what) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(modelJson);
        ObjectNode group = (ObjectNode) root.path("weightsManifest").get(0);
        ArrayNode weights = (ArrayNode) group.path("weights");
        int i = random.nextInt(weights.size());
        ObjectNode weight = (ObjectNode) weights.get(i);
        String name = weight.path("name").asText();
        switch (random.nextInt(7)) {
            case 0 -> {
                ArrayNode shape = (ArrayNode) weight.path("shape");
                int axis = random.nextInt(Math.max(1, shape.size()));
                int size = shape.isEmpty() ? 1 : shape.get(axis).asInt() + (random.nextBoolean() ? 1 : -1);
                what.append("shape of ")
                        .append(name)
                        .append(" axis ")
                        .append(axis)
                        .append(" = ")
                        .append(size);
                if (shape.isEmpty()) {
                    shape.add(size);
                } else {
                    shape.set(axis, NODES.numberNode(size));
                }
            }
            case 1 -> {
                ArrayNode shape = (ArrayNode) weight.path("shape");
                what.append("shape of ").append(name).append(" reversed");
                List<JsonNode> axes = new ArrayList<>();
                shape.forEach(axes::add);
                shape.removeAll();
                for (int a = axes.size() - 1; a >= 0; a--) {
                    shape.add(axes.get(a));
                }
            }
            case 2 -> {
                String dtype =
                        List.of("float16", "int32", "string", "uint8", "").get(random.nextInt(5));
                what.append("dtype of ").append(name).append(" = ").append(dtype);
                weight.put("dtype", dtype);
            }
            case 3 -> {
                what.append("weight removed: ").append(name);
                weights.remove(i);
            }
            case 4 -> {
                what.append("weight renamed: ").append(name);
                weight.put("name", random.nextBoolean() ? "nowhere/" + name : name.replace("kernel", "bias"));
            }
            case 5 -> {
                String dtype = List.of("uint8", "uint16", "float16", "int4").get(random.nextInt(4));
                what.append("quantization of ").append(name).append(" = ").append(dtype);
                weight.putObject("quantization")
                        .put("dtype", dtype)
                        .put("scale", 0.1)
                        .put("min", -1);
            }
            default -> {
                String path = List.of(
                                "../group1-shard1of1.bin", "/etc/hostname", "", "missing.bin", "group1-shard1of1.bin")
                        .get(random.nextInt(5));
                what.append("paths = [").append(path).append(", ...]");
                ((ArrayNode) group.path("paths")).insert(0, path);
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    private static final List<byte[]> SIGNATURES = Stream.of(
                    "HEAP", "TREE", "SNOD", "GCOL", "OHDR", "FRHP", "FHDB", "FHIB", "BTHD", "BTIN", "BTLF", "OCHK")
            .map(s -> s.getBytes(StandardCharsets.US_ASCII))
            .toList();

    /** Where HDF5 structures start in {@code b} (its superblock, heaps, trees, nodes), if it is HDF5 at all. */
    private static List<Integer> signatures(byte[] b) {
        List<Integer> at = new ArrayList<>();
        if (b.length < 8 || b[1] != 'H' || b[2] != 'D' || b[3] != 'F') {
            return at;
        }
        at.add(4); // the superblock's fields follow its 8-byte signature
        for (int i = 0; i + 4 <= b.length; i++) {
            for (byte[] sig : SIGNATURES) {
                if (b[i] == sig[0] && b[i + 1] == sig[1] && b[i + 2] == sig[2] && b[i + 3] == sig[3]) {
                    at.add(i);
                }
            }
        }
        return at;
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if ((node.isObject() || node.isArray()) && !node.isEmpty()) {
            containers.add(node);
        }
        node.forEach(child -> collect(child, containers));
    }

    /** Where the JSON object starting at {@code start} ends (braces balanced outside strings), or -1. */
    private static int jsonEnd(byte[] b, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < b.length; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return -1;
    }
}
