package lstmjob.model.load.onnx;

import java.nio.charset.StandardCharsets;
import java.util.List;
import lstmjob.model.load.onnx.Onnx.AttributeProto;
import lstmjob.model.load.onnx.Onnx.NodeProto;

/** A node's attributes by name, with the defaults the operator's definition gives. */
final class OnnxAttributes {

    private final NodeProto node;

    OnnxAttributes(NodeProto node) {
        this.node = node;
    }

    boolean has(String name) {
        return find(name) != null;
    }

    long integer(String name, long fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getI();
    }

    float real(String name, float fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getF();
    }

    String string(String name, String fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getS().toString(StandardCharsets.UTF_8);
    }

    List<Long> integers(String name) {
        AttributeProto a = find(name);
        return a == null ? List.of() : a.getIntsList();
    }

    List<Float> floats(String name) {
        AttributeProto a = find(name);
        return a == null ? List.of() : a.getFloatsList();
    }

    List<String> strings(String name) {
        AttributeProto a = find(name);
        return a == null
                ? List.of()
                : a.getStringsList().stream()
                        .map(s -> s.toString(StandardCharsets.UTF_8))
                        .toList();
    }

    AttributeProto find(String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }
}
