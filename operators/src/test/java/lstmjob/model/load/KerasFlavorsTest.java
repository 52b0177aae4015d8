package lstmjob.model.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lstmjob.model.ModelLoadException;
import lstmjob.model.load.ModelDescription.Flavor;
import org.junit.jupiter.api.Test;

class KerasFlavorsTest {

    @Test
    void multiBackendKeras2UpTo23IsKeras2() {
        for (String v : new String[] {"2.0.8", "2.1.3", "2.1.6", "2.2.0", "2.2.4", "2.2.5", "2.3.0", "2.3.1"}) {
            assertEquals(Flavor.KERAS2, KerasFlavors.of(v, "m.h5"), v);
        }
    }

    @Test
    void tfKerasIsTfKeras2() {
        for (String v : new String[] {"2.1.6-tf", "2.2.4-tf", "2.3.0-tf", "2.4.0", "2.6.0", "2.13.1", "2.15.0"}) {
            assertEquals(Flavor.TF_KERAS2, KerasFlavors.of(v, "m.h5"), v);
        }
    }

    @Test
    void keras3IsKeras3() {
        for (String v : new String[] {"3.0.0", "3.3.3", "3.12.0", "3.15.0"}) {
            assertEquals(Flavor.KERAS3, KerasFlavors.of(v, "m.keras"), v);
        }
    }

    @Test
    void otherVersionsAreRefused() {
        for (String v : new String[] {"1.2.2", "4.0.0", "10.1", "unknown", ""}) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> KerasFlavors.of(v, "m.h5"), v);
            assertTrue(e.getMessage().startsWith("m.h5: unsupported format version"), e.getMessage());
        }
    }
}
