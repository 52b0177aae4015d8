package lstmjob.model.load.onnx;

import java.util.List;

/**
 * What a servable ONNX graph computes per key and timestep: the {@link FlowGraph}, its data inputs in the order the
 * ONNX graph lists them (state inputs left out), its data outputs with their ONNX names (state outputs left out),
 * the file's producer and opset, and the warnings serving it carries; {@link GraphAssembly} makes the
 * {@code Model} of it.
 */
record OnnxFlow(
        FlowGraph graph,
        List<Integer> inputs,
        List<Integer> outputs,
        List<String> outputNames,
        String producer,
        List<String> warnings) {}
