package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lstmjob.model.layers.Layer;

/**
 * Keras RNN over a cell: {@code RNN(LSTMCell)}, {@code RNN(GRUCell)} and {@code RNN(SimpleRNNCell)} compute what
 * the LSTM, GRU and SimpleRNN layers compute, and are read into the same layers from the cell's config and
 * weights. {@code RNN(StackedRNNCells)} feeds each timestep through its cells in turn: it becomes one such layer
 * per cell, applied in sequence, each with its own state; all but the last return every timestep.
 *
 * <p>The weights are the cells' in order (kernel, recurrent kernel, bias each). A {@code .keras} archive keeps
 * stacked cells' weights in groups named after their class ({@code cell/cells/lstm_cell}, {@code gru_cell},
 * {@code lstm_cell_1} ...), which are put back in the cells' order here.
 */
final class RnnReader implements LayerReader {

    @FunctionalInterface
    private interface CellReader {
        LayerRead read(KerasLayer cell, String type);
    }

    private static final Map<String, CellReader> CELLS =
            Map.of("LSTMCell", LstmReader::read, "GRUCell", GruReader::read, "SimpleRNNCell", SimpleRnnReader::read);

    @Override
    public LayerRead read(KerasLayer k) {
        if (k.config().bool("return_state", false)) {
            throw new LayerRefusal("return_state=true also outputs the layer's states as tensors of the model; only "
                    + "the layer's output can be served (save it with return_state=false)");
        }
        if (k.config().bool("time_major", false)) {
            throw new LayerRefusal("time_major=true takes its input with time as the first axis; only (batch, time, "
                    + "features) inputs can be served");
        }
        List<JsonNode> cells = cells(k.config().get("cell"));
        boolean returnSequences = k.config().bool("return_sequences", false);
        List<Tensor> weights = inCellOrder(k.weights(), cells);
        List<Layer> layers = new ArrayList<>();
        Shape shape = k.input();
        int used = 0;
        for (int i = 0; i < cells.size(); i++) {
            JsonNode cell = cells.get(i);
            String cellClass = cell.path("class_name").asText("");
            CellReader reader = CELLS.get(cellClass);
            if (reader == null) {
                throw new LayerRefusal("its cell " + (cellClass.isEmpty() ? "(no class_name)" : cellClass)
                        + " is not supported; an RNN can be served over LSTMCell, GRUCell and SimpleRNNCell");
            }
            boolean last = i == cells.size() - 1;
            LayerConfig config = cellConfig(cell, !last || returnSequences);
            // Each cell takes its kernel, recurrent kernel and bias (with use_bias); the last takes what is left,
            // so that a count that differs from the config is reported by its weight check.
            int end = last
                    ? weights.size()
                    : Math.min(used + 2 + (config.bool("use_bias", true) ? 1 : 0), weights.size());
            List<Tensor> own = weights.subList(Math.min(used, end), end);
            used = end;
            String name = cells.size() == 1 ? k.name() : k.name() + "/cell_" + i;
            KerasLayer c =
                    new KerasLayer(cellClass, name, config, own, k.flavor(), List.of(shape), k.kernel(), k.nonFinite());
            LayerRead read;
            try {
                read = reader.read(c, "RNN(" + cellClass + ")");
            } catch (LayerRefusal r) {
                throw new LayerRefusal(
                        cells.size() == 1 ? r.getMessage() : "cell " + i + " (" + cellClass + "): " + r.getMessage());
            }
            layers.addAll(read.layers());
            shape = read.output();
        }
        return LayerRead.sequence(layers, shape);
    }

    /** The cell's config as a layer's: with the RNN's return_sequences, or true for a cell feeding another. */
    private static LayerConfig cellConfig(JsonNode cell, boolean returnSequences) {
        JsonNode given = cell.path("config");
        ObjectNode config = given.isObject() ? ((ObjectNode) given).deepCopy() : JsonNodeFactory.instance.objectNode();
        config.put("return_sequences", returnSequences);
        return new LayerConfig(config);
    }

    /** The cells: one, or those of StackedRNNCells (also written as a plain list). */
    private static List<JsonNode> cells(JsonNode cell) {
        if (cell == null) {
            throw new LayerRefusal("the config has no 'cell'");
        }
        JsonNode list = cell;
        if (cell.isObject() && "StackedRNNCells".equals(cell.path("class_name").asText())) {
            list = cell.path("config").path("cells");
        }
        List<JsonNode> out = new ArrayList<>();
        if (list.isArray()) {
            list.forEach(out::add);
        } else if (list.isObject()) {
            out.add(list);
        }
        if (out.isEmpty() || out.stream().anyMatch(c -> !c.isObject())) {
            throw new LayerRefusal("cannot read its 'cell': " + cell);
        }
        return out;
    }

    /**
     * The weights in the cells' order. In a {@code .keras} archive each stacked cell's weights lie under
     * {@code cells/<snake_case class name>[_n]/vars/}, read in the groups' alphabetical order; elsewhere (HDF5,
     * TF.js) they already come in the cells' order.
     */
    private static List<Tensor> inCellOrder(List<Tensor> weights, List<JsonNode> cells) {
        if (cells.size() < 2
                || weights.stream().noneMatch(t -> t.name() != null && t.name().contains("/cells/"))) {
            return weights;
        }
        Map<String, Integer> seen = new HashMap<>();
        List<Tensor> ordered = new ArrayList<>();
        for (JsonNode cell : cells) {
            String base = KerasZipReader.snakeCase(cell.path("class_name").asText(""));
            Integer n = seen.get(base);
            seen.put(base, n == null ? 0 : n + 1);
            String group = "/cells/" + (n == null ? base : base + "_" + (n + 1)) + "/";
            weights.stream()
                    .filter(t -> t.name() != null && t.name().contains(group))
                    .forEach(ordered::add);
        }
        return ordered.size() == weights.size() ? ordered : weights;
    }
}
