package lstmjob.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lstmjob.config.JobConfig;
import lstmjob.config.JobSettings;
import lstmjob.config.Setting;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The job's settings ({@link JobSettings}) as flags: each overrides the key of the same name in conf/job.yaml.
 * A command gets them with {@code @Command(modelTransformer = JobOptions.class)} and reads them with
 * {@link #resolve(CommandSpec)}.
 */
public class JobOptions implements IModelTransformer {

    static final String CONFIG = "--config";
    static final String KAFKA_PROPERTY = "--kafka-property";

    /** The settings this command takes as flags. */
    protected List<Setting<?>> settings() {
        return JobSettings.ALL;
    }

    /** Whether the command reads conf/job.yaml (or --config) and takes --kafka-property. */
    protected boolean wholeJob() {
        return true;
    }

    @Override
    public CommandSpec transform(CommandSpec spec) {
        if (wholeJob()) {
            spec.addOption(OptionSpec.builder(CONFIG)
                    .paramLabel("FILE")
                    .type(Path.class)
                    .description("settings file (default: " + JobConfig.DEFAULT_FILE + " when present)")
                    .build());
            spec.addOption(OptionSpec.builder(KAFKA_PROPERTY)
                    .paramLabel("KEY=VALUE")
                    .type(Map.class)
                    .auxiliaryTypes(String.class, String.class)
                    .description("a Kafka client property for source and sinks (repeatable), "
                            + "e.g. security.protocol=SSL")
                    .build());
        }
        for (Setting<?> s : settings()) {
            OptionSpec.Builder option = OptionSpec.builder(s.flag())
                    .paramLabel(s.label())
                    .type(String.class)
                    .description(s.help())
                    .userObject(s);
            if (s.type() == Boolean.class) {
                option.arity("0..1").fallbackValue("true"); // the flag alone turns it on
            }
            spec.addOption(option.build());
        }
        return spec;
    }

    /** Resolves defaults, the settings file, then the flags given to the command of {@code spec}. */
    public static JobConfig resolve(CommandSpec spec) {
        Map<String, String> flags = given(spec);
        Map<String, String> kafka = spec.findOption(KAFKA_PROPERTY).getValue();
        if (kafka != null) {
            kafka.forEach((k, v) -> flags.put(JobSettings.KAFKA_PREFIX + k, v));
        }
        return JobConfig.resolve(spec.findOption(CONFIG).getValue(), flags);
    }

    /** The settings given as flags to the command of {@code spec}: key → value. */
    public static Map<String, String> given(CommandSpec spec) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.userObject() instanceof Setting<?> s && o.getValue() != null) {
                flags.put(s.key(), o.getValue());
            }
        }
        return flags;
    }

    /** What {@code replay} takes of the job's settings: the decoder's and the step operator's. */
    public static final class ForReplay extends JobOptions {
        @Override
        protected List<Setting<?>> settings() {
            return List.of(
                    JobSettings.BURN_IN_STEPS,
                    JobSettings.BUNDLE_SIZE,
                    JobSettings.TOP_K,
                    JobSettings.MAX_RECORD_BYTES,
                    JobSettings.MAX_KEY_BYTES,
                    JobSettings.MAX_MODEL_PARAMETERS,
                    JobSettings.ALLOW_NON_FINITE_WEIGHTS);
        }

        @Override
        protected boolean wholeJob() {
            return false;
        }
    }

    /** What {@code demo} takes of the job's settings: how predictions are written. */
    public static final class ForDemo extends JobOptions {
        @Override
        protected List<Setting<?>> settings() {
            return List.of(JobSettings.MODEL, JobSettings.WEIGHTS, JobSettings.TOP_K);
        }

        @Override
        protected boolean wholeJob() {
            return false;
        }
    }
}
