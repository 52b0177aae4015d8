package lstmjob.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * The messages the job's own loggers ({@code lstmjob.*}, INFO and above) write while it is open, from every thread of
 * this JVM, so the MiniCluster's JobManager and TaskManager too.
 */
public final class LogLines implements AutoCloseable {

    private static final String LOGGER = "lstmjob";

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final LoggerConfig logger;
    private final AbstractAppender appender;

    public LogLines() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        logger = context.getConfiguration().getLoggerConfig(LOGGER);
        appender = new AbstractAppender("LogLines", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                messages.add(event.getMessage().getFormattedMessage());
            }
        };
        appender.start();
        logger.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    /** The messages so far, oldest first. */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    /** How many messages so far equal {@code message}. */
    public long count(String message) {
        return messages.stream().filter(message::equals).count();
    }

    @Override
    public void close() {
        logger.removeAppender(appender.getName());
        appender.stop();
        ((LoggerContext) LogManager.getContext(false)).updateLoggers();
    }
}
