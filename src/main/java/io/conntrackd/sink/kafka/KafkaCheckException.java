package io.conntrackd.sink.kafka;

/**
 * The startup check found the Kafka destination unusable. {@link #option()} names the option at fault
 * (by its name in {@link KafkaSinkConfiguration}: {@code brokers}, {@code topic},
 * {@code keyStore}, ...), so that the daemon can name its setting.
 */
public class KafkaCheckException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String option;

    public KafkaCheckException(String option, String message, Throwable cause) {
        super(message, cause);
        this.option = option;
    }

    /** The option at fault, as named in the sink's configuration. */
    public String option() {
        return option;
    }
}
