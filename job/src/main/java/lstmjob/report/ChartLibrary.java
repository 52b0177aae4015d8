package lstmjob.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Chart.js as its WebJar ships it on the classpath, ready to inline into a {@code <script>} element. */
final class ChartLibrary {

    private static final String WEBJAR = "META-INF/resources/webjars/chart.js/";
    private static final String POM = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private ChartLibrary() {}

    static String version() throws IOException {
        Properties p = new Properties();
        try (InputStream in = open(POM)) {
            p.load(in);
        }
        return p.getProperty("version");
    }

    /** The minified bundle, without its source-map comment (the map is not inlined). */
    static String script() throws IOException {
        String js;
        try (InputStream in = open(WEBJAR + version() + "/dist/chart.umd.min.js")) {
            js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // "</script" inside the code would end the element early; "<\/" means the same in any JS string
        return js.replaceAll("(?m)^//# sourceMappingURL=.*$", "").replace("</script", "<\\/script");
    }

    private static InputStream open(String resource) throws IOException {
        InputStream in = ChartLibrary.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("the chart library is missing from the classpath: " + resource);
        }
        return in;
    }
}
