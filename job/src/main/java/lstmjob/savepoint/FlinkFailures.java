package lstmjob.savepoint;

import lstmjob.state.StateLayoutMismatchException;
import org.apache.flink.util.SerializedThrowable;

/** Finds, in a failed Flink job's cause chain, a refusal meant for the user, to show it as one line. */
final class FlinkFailures {

    private FlinkFailures() {}

    /** The user-facing refusal behind {@code e}, or null when the failure is something else (a bug). */
    static StatesException userError(Throwable e, String context) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatesException s) {
                return s;
            }
            if (t instanceof StateLayoutMismatchException m) {
                return new StatesException(context + ": " + m.getMessage(), e);
            }
            if (t instanceof SerializedThrowable st) {
                if (StatesException.class.getName().equals(st.getOriginalErrorClassName())) {
                    return new StatesException(st.getMessage(), e);
                }
                if (StateLayoutMismatchException.class.getName().equals(st.getOriginalErrorClassName())) {
                    return new StatesException(context + ": " + st.getMessage(), e);
                }
            }
        }
        return null;
    }

    /** Rethrows {@code e} as the refusal it carries, else as it is. */
    static RuntimeException translate(Exception e, String context) {
        StatesException user = userError(e, context);
        if (user != null) {
            return user;
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(context + ": " + e.getMessage(), e);
    }
}
