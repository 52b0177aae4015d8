package lstmjob.savepoint;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import lstmjob.model.StateLayout;

/** The states file formats, chosen by the file's name: HDF5 for {@code .h5} / {@code .hdf5}, else JSON Lines. */
public final class StatesFiles {

    private StatesFiles() {}

    public static boolean isHdf5(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".h5") || name.endsWith(".hdf5");
    }

    /** Every key state in the file, each checked against the layout (tagged with it, step and seq as given). */
    public static List<KeyStateRecord> read(Path file, StateLayout layout) {
        if (!Files.isRegularFile(file)) {
            throw new StatesException("no states file at " + file);
        }
        return isHdf5(file) ? Hdf5States.read(file, layout) : JsonLinesStates.read(file, layout);
    }

    /** Writes the key states (JSON Lines as they come; HDF5 once all have come) and returns how many. */
    public static long write(Path file, StateLayout layout, Iterator<KeyStateRecord> records) throws IOException {
        if (isHdf5(file)) {
            List<KeyStateRecord> all = new ArrayList<>();
            records.forEachRemaining(all::add);
            Hdf5States.write(file, layout, all);
            return all.size();
        }
        long n = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (records.hasNext()) {
                JsonLinesStates.write(out, layout, records.next());
                n++;
            }
        }
        return n;
    }
}
