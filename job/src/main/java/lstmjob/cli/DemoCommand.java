package lstmjob.cli;

import picocli.CommandLine.Command;

/** {@code demo}: placeholder until the embedded broker lands. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the embedded demo.")
public final class DemoCommand implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("demo is not implemented yet");
    }
}
