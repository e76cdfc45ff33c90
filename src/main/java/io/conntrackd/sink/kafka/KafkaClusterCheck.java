package io.conntrackd.sink.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.component.kafka.KafkaClientFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The sink's startup check, as the original checks every sink: the cluster answers with its metadata within
 * the timeout (so the brokers are reachable and accept the client's TLS and SASL login), and the topic exists
 * or the brokers create topics when a producer first names one ({@code auto.create.topics.enable}). A failure
 * names the option at fault: TLS ones as {@link KafkaTlsFailures} tells.
 */
final class KafkaClusterCheck {

    private static final String AUTO_CREATE = "auto.create.topics.enable";

    private final KafkaClientSettings settings;
    private final KafkaClientFactory factory;

    KafkaClusterCheck(KafkaClientSettings settings, KafkaClientFactory factory) {
        this.settings = settings;
        this.factory = factory;
    }

    void run() throws KafkaCheckException, InterruptedException {
        long timeout = settings.options().getTimeout();
        String topic = settings.options().getTopic();
        Admin admin = createAdmin();
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS);
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(timeout, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                if (!createsTopics(admin, nodes.iterator().next(), timeout)) {
                    throw new KafkaCheckException("topic", "the topic \"" + topic + "\" does not exist and the brokers"
                            + " do not create topics (" + AUTO_CREATE + "=false): create it first", null);
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SslAuthenticationException tls) {
                throw KafkaTlsFailures.handshakeFailed(tls, settings.options());
            }
            throw new KafkaCheckException("brokers", "the brokers " + settings.options().getBrokers() + " refused"
                    + " the check: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaCheckException("brokers", "no answer from the brokers " + settings.options().getBrokers()
                    + " within " + timeout + " ms", e);
        } finally {
            admin.close(Duration.ZERO); // without a timeout, close waits for the calls that timed out here
        }
    }

    /** The admin client; kafka-clients opens the TLS stores here. */
    private Admin createAdmin() throws KafkaCheckException {
        try {
            return Admin.create(settings.adminProperties(factory));
        } catch (KafkaException e) {
            throw KafkaTlsFailures.clientNotCreated(e, settings.options());
        }
    }

    /**
     * Whether the broker creates a topic that a producer names: its setting, if it lets us read it (else
     * the producer will tell).
     */
    private static boolean createsTopics(Admin admin, Node broker, long timeout)
            throws InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        try {
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout, TimeUnit.MILLISECONDS);
            ConfigEntry entry = configs.get(resource).get(AUTO_CREATE);
            return entry == null || Boolean.parseBoolean(entry.value());
        } catch (ExecutionException notAllowed) {
            return true;
        }
    }
}
