package lstmjob.cluster;

/** A finite stream of samples, each a Kafka record: what a {@link SteadyProducer} sends, in order. */
public interface SampleStream {

    /** How many records the stream has. */
    int size();

    /** The n-th record (0-based): its Kafka key and JSON value. */
    String[] record(int n);
}
