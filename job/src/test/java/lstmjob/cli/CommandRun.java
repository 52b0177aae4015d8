package lstmjob.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import lstmjob.Main;
import picocli.CommandLine;

/** What the job's command line gave for some arguments: the exit code, and what it printed on stdout and stderr. */
public record CommandRun(int code, String out, String err) {

    /** {@code java -jar lstm-job.jar ARGS}, in this JVM. */
    public static CommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new CommandRun(code, out.toString(), err.toString());
    }

    /** {@code java -jar lstm-job.jar COMMAND ARGS}, in this JVM. */
    public static CommandRun command(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return of(all);
    }
}
