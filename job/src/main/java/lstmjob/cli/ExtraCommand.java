package lstmjob.cli;

/**
 * A subcommand that lives outside the job's own code (e.g. {@code bench}) and joins the command line when its jar
 * is on the class path: a picocli {@code @Command}, listed in {@code META-INF/services/lstmjob.cli.ExtraCommand}.
 */
public interface ExtraCommand {}
