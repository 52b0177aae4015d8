package lstmjob.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** What the page's script draws, as JSON: per charted key its predictions and targets, and the error by step. */
final class ChartData {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The error by step since reset: mean absolute error at each step. */
    record ErrorCurve(long[] step, double[] mae) {
        static ErrorCurve of(ErrorByStep e) {
            return e.isEmpty() ? null : new ErrorCurve(e.steps(), e.mae());
        }
    }

    /** One key: per prediction its step since reset, the plotted output and the target (null: none). */
    record Key(String key, long[] step, float[] y, Double[] target, ErrorCurve error) {
        static Key of(KeySeries s) {
            long[] step = new long[s.size()];
            float[] y = new float[s.size()];
            Double[] target = new Double[s.size()];
            boolean any = false;
            for (int i = 0; i < s.size(); i++) {
                step[i] = s.step(i);
                y[i] = s.prediction(i);
                double t = s.target(i);
                target[i] = Double.isNaN(t) ? null : t;
                any |= target[i] != null;
            }
            return new Key(s.key, step, y, any ? target : null, ErrorCurve.of(s.errorByStep()));
        }
    }

    record Data(int output, ErrorCurve overall, List<Key> keys) {}

    private ChartData() {}

    /** JSON safe to place inside a {@code <script>} element: no "<" can close it. */
    static String json(Data data) throws JsonProcessingException {
        return JSON.writeValueAsString(data).replace("<", "\\u003c");
    }
}
