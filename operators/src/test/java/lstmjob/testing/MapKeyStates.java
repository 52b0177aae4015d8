package lstmjob.testing;

import java.util.HashMap;
import java.util.Map;
import lstmjob.state.KeyState;
import lstmjob.step.KeyBundler;

/** The keys' states in a map, for driving a {@link KeyBundler} outside Flink. */
public final class MapKeyStates implements KeyBundler.KeyStates {

    private final Map<String, KeyState> states = new HashMap<>();

    @Override
    public KeyState load(String key) {
        return states.get(key);
    }

    @Override
    public void store(String key, KeyState st, long previousActivity) {
        if (st != null) {
            states.put(key, st);
        }
    }

    public KeyState get(String key) {
        return states.get(key);
    }
}
