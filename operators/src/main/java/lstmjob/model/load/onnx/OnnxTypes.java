package lstmjob.model.load.onnx;

/** ONNX element type numbers as names, for messages. */
final class OnnxTypes {

    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int INT32 = 6;

    private static final String[] NAMES = {
        "undefined",
        "float32",
        "uint8",
        "int8",
        "uint16",
        "int16",
        "int32",
        "int64",
        "string",
        "bool",
        "float16",
        "float64",
        "uint32",
        "uint64",
        "complex64",
        "complex128",
        "bfloat16"
    };

    private OnnxTypes() {}

    static String name(int type) {
        return type >= 0 && type < NAMES.length ? NAMES[type] : "type " + type;
    }
}
