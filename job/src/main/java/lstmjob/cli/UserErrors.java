package lstmjob.cli;

import lstmjob.config.JobConfig;
import lstmjob.model.ModelFilesException;
import lstmjob.model.ModelLoadException;
import lstmjob.state.StateLayoutMismatchException;
import picocli.CommandLine;

/**
 * Turns the errors a user can cause (a bad model file, a bad setting, a savepoint of another model) into one
 * line on stderr and exit code 1 (2 for settings and for model files given in a combination that cannot work, as
 * for other usage errors); anything else is a bug and keeps its stack trace.
 */
public final class UserErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult)
            throws Exception {
        if (e instanceof ModelFilesException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
        }
        if (e instanceof ModelLoadException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 1;
        }
        if (e instanceof JobConfig.ConfigException) {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StateLayoutMismatchException) {
                cmd.getErr().println("error: the job failed: " + t.getMessage());
                return 1;
            }
        }
        throw e;
    }
}
