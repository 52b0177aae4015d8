package lstmjob.model.load.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import lstmjob.model.ModelInput;
import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.load.LoadLimits;
import lstmjob.model.load.onnx.FlowGraph.DenseNode;
import lstmjob.model.load.onnx.FlowGraph.Input;
import lstmjob.model.load.onnx.FlowGraph.LayerNode;
import lstmjob.model.load.onnx.FlowGraph.Merge;
import lstmjob.model.load.onnx.FlowGraph.Node;
import lstmjob.testing.OracleCases;
import org.junit.jupiter.api.Test;

/**
 * What the loader recognises in the ONNX cases of several inputs or outputs, from which the model's graph is
 * assembled: inputs in the graph's order (states left out), the merges, the heads and their names.
 */
class OnnxFlowTest {

    private static OnnxFlow flow(String caseDir) {
        return OnnxReader.flow(
                OracleCases.onnxRoot().resolve(caseDir).resolve("model.onnx"), LoadLimits.DEFAULT, Kernels.java());
    }

    /** The node's type as the model would show it: the input's kind, the layer's type, the merge's operator. */
    private static String describe(OnnxFlow f, int i) {
        Node n = f.graph().get(i);
        if (n instanceof Input in) {
            return in.input().name() + ":" + in.input().kind();
        }
        if (n instanceof LayerNode l) {
            return l.layer().type() + "<-" + l.input();
        }
        if (n instanceof DenseNode d) {
            return d.type() + "(" + d.in() + "," + d.out() + (d.bias() == null ? "" : ",bias") + ")<-" + d.input();
        }
        Merge m = (Merge) n;
        return m.op() + "(" + m.size() + ")<-" + m.inputs();
    }

    /** The nodes the outputs read, in order, each as {@link #describe}. */
    private static List<String> reached(OnnxFlow f) {
        boolean[] reached = f.graph().reachedFrom(f.outputs());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < reached.length; i++) {
            if (reached[i]) {
                out.add(i + " " + describe(f, i));
            }
        }
        return out;
    }

    @Test
    void featuresAndAnEmbeddedIdConcatenatedIntoAGru() {
        // case-3: feats (6) ‖ Embedding(17, 13)(ids) → GRU(19, 18) → Linear(18, 7) → ReLU
        OnnxFlow f = flow("case-3");
        List<String> nodes = reached(f);
        assertEquals(
                List.of(
                        "0 feats:FEATURES",
                        "1 ids:IDS",
                        "2 Embedding<-1",
                        "3 Concat(19)<-[0, 2]",
                        "4 GRU<-3",
                        "6 MatMul+Add(18,7,bias)<-4",
                        "7 Relu<-6"),
                nodes);
        assertEquals(List.of(0, 1), f.inputs());
        assertEquals(List.of("y"), f.outputNames());
        assertEquals(ModelInput.ids("ids", 17), ((Input) f.graph().get(1)).input());
    }

    @Test
    void twoHeadsOnAStackedLstmWithSiluInOne() {
        // case-12: Embedding(29, 7)(token) ‖ features (7) → LSTM(14, 18) ×2 → cls: Linear(18, 2, no bias);
        // reg: Linear(18, 4) → SiLU → Linear(4, 6)
        OnnxFlow f = flow("case-12");
        assertEquals(List.of("cls", "reg"), f.outputNames());
        assertEquals(
                List.of("token:IDS", "features:FEATURES"),
                f.inputs().stream().map(i -> describe(f, i)).toList());
        List<String> nodes = reached(f);
        assertEquals(
                List.of(
                        "0 features:FEATURES",
                        "1 token:IDS",
                        "2 Embedding<-1",
                        "3 Concat(14)<-[2, 0]",
                        "4 LSTM<-3",
                        "5 LSTM<-4",
                        "6 MatMul(18,2)<-5",
                        "8 MatMul+Add(18,4,bias)<-5",
                        "10 SiLU<-8",
                        "12 MatMul+Add(4,6,bias)<-10"),
                nodes);
        assertInstanceOf(DenseNode.class, f.graph().get(f.outputs().get(0)));
    }
}
