package lstmjob.model.load;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lstmjob.model.ModelLoadException;
import lstmjob.model.load.ModelDescription.Flavor;

/**
 * Which Keras generation's definitions apply to a file, from the {@code keras_version} it records.
 *
 * <ul>
 *   <li>2.0–2.3.x without "-tf": multi-backend Keras, {@link Flavor#KERAS2}. Keras 2.3.0 changed the default
 *       recurrent activation to sigmoid but kept GRU {@code reset_after=False}; its configs always spell out
 *       both, so its files read exactly as 2.2's, with the same hard_sigmoid (clip(0.2x+0.5, 0, 1)).</li>
 *   <li>"-tf" versions (tf.keras in TensorFlow) and 2.4+ (tf.keras, and the standalone package that became
 *       an alias of it): {@link Flavor#TF_KERAS2}.</li>
 *   <li>3.x: {@link Flavor#KERAS3}.</li>
 *   <li>Keras 1 (different layer configs and weight layouts) and 4+ (unknown): refused.</li>
 * </ul>
 */
final class KerasFlavors {

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    private KerasFlavors() {}

    static Flavor of(String kerasVersion, String source) {
        Matcher m = VERSION.matcher(kerasVersion.trim());
        if (!m.find()) {
            throw new ModelLoadException(source + ": unsupported format version: the file records Keras version '"
                    + kerasVersion + "', which is not a version number");
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major == 2) {
            return kerasVersion.contains("-tf") || minor >= 4 ? Flavor.TF_KERAS2 : Flavor.KERAS2;
        }
        if (major == 3) {
            return Flavor.KERAS3;
        }
        if (major < 2) {
            throw new ModelLoadException(source + ": unsupported format version: written by Keras " + kerasVersion
                    + "; Keras 1 models are not supported (this job reads files written by Keras 2.0 to 3.x): "
                    + "load it in Keras 2 and save it again");
        }
        throw new ModelLoadException(source + ": unsupported format version: written by Keras " + kerasVersion
                + ", newer than this job reads (files written by Keras 2.0 to 3.x)");
    }
}
