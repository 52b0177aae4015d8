package lstmjob.bench;

import lstmjob.codec.EncodedRecord;
import lstmjob.codec.InputRecord;
import lstmjob.config.JobConfig;
import lstmjob.model.Model;
import lstmjob.step.ModelSource;
import lstmjob.step.StepOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;

/**
 * The keyed step operator a bench job runs: the job's own, or the no-model one of the same shape that the job's
 * rows are compared with.
 */
record BenchStep(ModelSource modelSource, Model noModel) {

    static BenchStep job(ModelSource source) {
        return new BenchStep(source, null);
    }

    static BenchStep noModel(Model model) {
        return new BenchStep(null, model);
    }

    boolean isJob() {
        return noModel == null;
    }

    /** A new operator for a job with settings {@code c}. */
    OneInputStreamOperator<InputRecord, EncodedRecord> operator(JobConfig c) {
        return isJob() ? new StepOperator(modelSource, c.stepOptions()) : new NoModelStepOperator(noModel);
    }
}
