package lstmjob.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * The causal-convolution cases under {@code operators/src/test/resources/causal-conv}: each a TF.js model
 * ({@code model.json}), a stream and the outputs {@code tools/reference/causal_conv_reference.py} computed for
 * it in float64 from the contract's whole-sequence definition.
 */
public final class CausalConvCases {

    /** Conv1D(causal, kernel 3, dilation 2) → LSTM → Dense. */
    public static final String CONV_LSTM_DENSE = "conv-lstm-dense";

    /** Four Conv1D only: kernel 2, kernel 3 with dilation 3 and no bias, kernel 4, kernel 1. */
    public static final String CONV_CHAIN = "conv-chain";

    /**
     * Masking → LSTM (returning sequences) → Conv1D(causal, kernel 2, dilation 3) → LSTM → Dense, with masked
     * timesteps: the convolution keeps the LSTM's outputs, repeated at masked steps, and drops the mask.
     */
    public static final String MASKED_LSTM_CONV = "masked-lstm-conv";

    private CausalConvCases() {}

    public static List<String> names() {
        return List.of(CONV_LSTM_DENSE, CONV_CHAIN, MASKED_LSTM_CONV);
    }

    public static Path folder(String name) {
        return Repository.root()
                .resolve("operators/src/test/resources/causal-conv")
                .resolve(name);
    }

    public static Path model(String name) {
        return folder(name).resolve("model.json");
    }

    public static Path stream(String name) {
        return folder(name).resolve("stream.jsonl");
    }

    public static Path expected(String name) {
        return folder(name).resolve("expected.jsonl");
    }
}
