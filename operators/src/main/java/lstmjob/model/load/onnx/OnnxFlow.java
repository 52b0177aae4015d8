package lstmjob.model.load.onnx;

import java.util.List;

/**
 * What a servable ONNX graph computes per key and timestep: the {@link FlowGraph}, its data inputs in the order the
 * ONNX graph lists them (state inputs left out), its data outputs with their ONNX names (state outputs left out),
 * the file's producer and opset, and the warnings serving it carries. A chain of one input and one output becomes a
 * {@code Model} through {@link ChainAssembly}; the nodes of several inputs, outputs and merges are all here for a
 * model of more than one chain.
 */
record OnnxFlow(
        FlowGraph graph,
        List<Integer> inputs,
        List<Integer> outputs,
        List<String> outputNames,
        String producer,
        List<String> warnings) {}
