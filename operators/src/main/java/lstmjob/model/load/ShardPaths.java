package lstmjob.model.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lstmjob.model.ModelLoadException;

/**
 * The weight shards a TF.js manifest names, confined to the model's folder: a manifest may name any path, and
 * one naming {@code ../../etc/passwd}, {@code /etc/hostname} or a link that leads out of the folder is refused
 * before any file is opened.
 */
final class ShardPaths {

    private ShardPaths() {}

    /** The shard files of one manifest group, each checked to be a regular file inside {@code dir}. */
    static List<Path> resolve(JsonNode paths, Path dir, String source) throws IOException {
        if (!paths.isArray()) {
            throw new ModelLoadException(source + ": a weights manifest group has no list of shard paths");
        }
        Path folder = dir.toRealPath();
        List<Path> shards = new ArrayList<>();
        for (JsonNode name : paths) {
            if (!name.isTextual()) {
                throw new ModelLoadException(source + ": weight shard path " + name + " is not a file name");
            }
            shards.add(resolve(name.asText(), folder, source));
        }
        return shards;
    }

    private static Path resolve(String name, Path folder, String source) throws IOException {
        Path relative;
        try {
            relative = Path.of(name);
        } catch (InvalidPathException e) {
            throw outside(name, folder, source, "is not a file name");
        }
        if (name.isEmpty() || relative.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
            throw outside(name, folder, source, "is not relative to model.json");
        }
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw outside(name, folder, source, "leads out of the model's folder");
            }
        }
        Path shard = folder.resolve(relative).normalize();
        if (!Files.isRegularFile(shard)) {
            throw new ModelLoadException(source + ": weight shard '" + name + "' is missing (it must be beside "
                    + "model.json: " + shard + ")");
        }
        if (!shard.toRealPath().startsWith(folder)) {
            throw outside(name, folder, source, "is a link that leads out of the model's folder");
        }
        return shard;
    }

    private static ModelLoadException outside(String name, Path folder, String source, String why) {
        return new ModelLoadException(source + ": weight shard path '" + name + "' in the weights manifest " + why
                + "; shards must be files in " + folder + ", beside model.json");
    }
}
