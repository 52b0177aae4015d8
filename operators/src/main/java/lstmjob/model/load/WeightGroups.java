package lstmjob.model.load;

import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The nodes of a {@code .keras} archive's weights file by '/'-separated path, however the file spells them:
 * nested groups ({@code layers/lstm/cell/vars}), or, in archives written on Windows, one group at the top per
 * saved object whose name is the whole path joined with backslashes ({@code layers\lstm\cell}, then {@code vars}).
 */
final class WeightGroups {

    /** Keras nests a layer's objects a few levels deep; deeper is a damaged file whose groups loop. */
    static final int MAX_DEPTH = 16;

    private final Map<String, Node> nodes = new HashMap<>();
    private final Map<String, Set<String>> children = new HashMap<>();

    private WeightGroups() {}

    /**
     * @param tooDeep the error for groups nested deeper than {@link #MAX_DEPTH}, given where
     */
    static WeightGroups of(Group root, Function<String, RuntimeException> tooDeep) {
        WeightGroups groups = new WeightGroups();
        groups.add(root, "", 0, tooDeep);
        return groups;
    }

    private void add(Group group, String path, int depth, Function<String, RuntimeException> tooDeep) {
        if (depth > MAX_DEPTH) {
            throw tooDeep.apply(path);
        }
        for (Map.Entry<String, Node> e : group.getChildren().entrySet()) {
            String child = join(path, e.getKey().replace('\\', '/'));
            nodes.put(child, e.getValue());
            String parent = "";
            for (String part : child.split("/")) {
                children.computeIfAbsent(parent, p -> new TreeSet<>()).add(part);
                parent = join(parent, part);
            }
            if (e.getValue() instanceof Group g) {
                add(g, child, depth + 1, tooDeep);
            }
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    /** Whether anything is stored at or under {@code path}. */
    boolean has(String path) {
        return nodes.containsKey(path) || children.containsKey(path);
    }

    /** The node stored at {@code path}, or null (also for a path that only prefixes backslash-joined names). */
    Node node(String path) {
        return nodes.get(path);
    }

    /** The names directly under {@code path}, sorted. */
    List<String> children(String path) {
        return List.copyOf(children.getOrDefault(path, Set.of()));
    }

    /** Whether any dataset is stored under {@code path}. */
    boolean holdsData(String path) {
        for (String child : children(path)) {
            String p = join(path, child);
            if (node(p) instanceof io.jhdf.api.Dataset || holdsData(p)) {
                return true;
            }
        }
        return false;
    }
}
