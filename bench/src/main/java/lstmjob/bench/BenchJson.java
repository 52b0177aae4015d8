package lstmjob.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bench report as JSON: {@code {"context":{...}, "rows":[{"what","setting","result","unit"[,"vs_no_model"]}],
 * "notes":[...]}}.
 */
public final class BenchJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchJson() {}

    public static ObjectNode toJson(BenchReport report) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode context = root.putObject("context");
        report.context().forEach(context::put);
        ArrayNode rows = root.putArray("rows");
        for (BenchRow r : report.rows()) {
            ObjectNode row = rows.addObject();
            row.put("what", r.what());
            row.put("setting", r.setting());
            row.put("result", r.result());
            row.put("unit", r.unit());
            if (r.hasRatio()) {
                row.put("vs_no_model", r.vsNoModel());
            }
        }
        ArrayNode notes = root.putArray("notes");
        report.notes().forEach(notes::add);
        return root;
    }

    public static void write(BenchReport report, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), toJson(report));
    }
}
