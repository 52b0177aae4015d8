package lstmjob.model.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import lstmjob.model.Model;
import lstmjob.model.ModelFilesException;
import lstmjob.model.ModelLoadException;
import lstmjob.model.layers.kernels.Kernels;
import lstmjob.model.layers.kernels.MatrixKernel;
import lstmjob.model.load.onnx.OnnxReader;

/** Loads a user's model file, whichever of the supported formats it is in, or refuses it with one clear message. */
public final class Models {

    private Models() {}

    /**
     * Loads a Keras 3 {@code .keras} zip, a legacy Keras HDF5 {@code .h5} full model, a TensorFlow.js
     * {@code model.json}, or an ONNX model ({@link OnnxReader}), computed by the kernel {@link Kernels#selected()}
     * chooses; the format is told by the file's first bytes, not its name (an ONNX model by either).
     *
     * @throws ModelLoadException naming the file (and layer) and why it cannot be served
     */
    public static Model load(Path file) {
        return load(file, LoadLimits.DEFAULT, Kernels.selected());
    }

    /** As {@link #load(Path)}, computed by {@code kernel}. */
    public static Model load(Path file, MatrixKernel kernel) {
        return load(file, LoadLimits.DEFAULT, kernel);
    }

    /** As {@link #load(Path)}, refusing what passes {@code limits} before it is read. */
    public static Model load(Path file, LoadLimits limits) {
        return load(file, limits, Kernels.selected());
    }

    /** As {@link #load(Path)}, refusing what passes {@code limits} before it is read, computed by {@code kernel}. */
    public static Model load(Path file, LoadLimits limits, MatrixKernel kernel) {
        if (isOnnx(file)) {
            try {
                return OnnxReader.read(file, limits, kernel);
            } catch (ModelLoadException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new ModelLoadException(file + ": the file is truncated or corrupt (" + e + ")", e);
            }
        }
        return ModelBuilder.build(describe(file, limits), file.toString(), kernel, limits);
    }

    /**
     * Loads a Keras model saved as two files: {@code architecture}, its {@code model.to_json()}, and
     * {@code weights}, its {@code save_weights(...)} file (Keras 2's {@code .h5} or Keras 3's {@code .weights.h5});
     * with {@code weights} null, as {@link #load(Path, LoadLimits, MatrixKernel)}.
     *
     * @throws ModelFilesException for an architecture JSON without weights, or weights beside a whole model
     */
    public static Model load(Path architecture, Path weights, LoadLimits limits, MatrixKernel kernel) {
        if (weights == null) {
            return load(architecture, limits, kernel);
        }
        return ModelBuilder.build(
                describe(architecture, weights, limits), source(architecture, weights), kernel, limits);
    }

    /** As {@link #load(Path, Path, LoadLimits, MatrixKernel)}, computed by the kernel {@link Kernels#selected()}. */
    public static Model load(Path architecture, Path weights, LoadLimits limits) {
        return load(architecture, weights, limits, Kernels.selected());
    }

    /** How messages and summaries name a model: its file, and its weights file when apart. */
    public static String source(Path model, Path weights) {
        return weights == null ? model.toString() : model + " with weights " + weights;
    }

    /** An ONNX model: named {@code .onnx}, or starting as a serialized ONNX ModelProto does. */
    private static boolean isOnnx(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx")) {
            return true;
        }
        byte[] head = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            return OnnxReader.looksLikeOnnx(head, in.readNBytes(head, 0, 2));
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the file into a description without building it (for {@code inspect} of an unservable model). */
    public static ModelDescription describe(Path file) {
        return describe(file, LoadLimits.DEFAULT);
    }

    /** As {@link #describe(Path)}, refusing what passes {@code limits} before it is read. */
    public static ModelDescription describe(Path file, LoadLimits limits) {
        return describe(file, null, limits);
    }

    /** As {@link #describe(Path, LoadLimits)}, of an architecture JSON with its {@code weights} (or null). */
    public static ModelDescription describe(Path file, Path weights, LoadLimits limits) {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file + ": no such model file");
        }
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot read the file: " + e.getMessage(), e);
        }
        boolean json = n >= 1 && firstNonBlank(head, n) == '{';
        try {
            if (json && KerasJsonReader.isArchitecture(KerasJsonReader.architecture(file))) {
                if (weights == null) {
                    throw new ModelFilesException(file + ": a Keras architecture JSON (model.to_json()) holds no "
                            + "weights: give the weights file saved by model.save_weights(...) with --weights FILE");
                }
                return KerasJsonReader.read(file, weights, limits);
            }
            if (weights != null) {
                throw new ModelFilesException(file + ": --weights goes with a Keras architecture JSON "
                        + "(model.to_json()); this model file holds its own weights: give it without --weights");
            }
            if (n >= 4 && head[0] == 'P' && head[1] == 'K') {
                return KerasZipReader.read(file, limits);
            }
            if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') {
                return KerasH5Reader.read(file, limits);
            }
            if (json) {
                return TfjsReader.read(file, limits);
            }
        } catch (ModelLoadException e) {
            throw e;
        } catch (RuntimeException | IOException e) {
            // A reader met something it did not expect: the file is damaged or not what it claims to be.
            throw new ModelLoadException(file + ": the file is truncated or corrupt (" + e + ")", e);
        }
        if (isOnnx(file)) {
            throw new ModelLoadException(file + ": an ONNX model is loaded, not described as a Keras model");
        }
        throw new ModelLoadException(file + ": not a model file this job reads: expected a Keras 3 .keras archive, "
                + "a Keras HDF5 .h5 model, a TensorFlow.js model.json, an ONNX .onnx model, "
                + "or a Keras architecture JSON with --weights");
    }

    private static int firstNonBlank(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (!Character.isWhitespace(b[i])) {
                return b[i];
            }
        }
        return -1;
    }
}
